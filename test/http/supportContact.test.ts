import { afterEach, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { startCluster, type TestCluster } from '../helpers/testNode.ts';
import { Browser } from '../helpers/companion.ts';
import { translator } from '../../shared/i18n/index.ts';

// "Contact support" leads somewhere real (issue 13): the operator's SUPPORT_URL, else the built-in
// /support page, which offers SUPPORT_EMAIL when set, and always tells someone billed through a
// provider that the provider knows the account's email or phone. Pages only: one backend will do.

const backend = BACKENDS[0]!;

/** The href of the first "Contact support" link on a page. */
function supportHrefIn(page: string): string | undefined {
  return /<a href="([^"]*)"[^>]*data-testid="contact-support"/.exec(page)?.[1];
}

describe(`contact support (server on ${backend.name})`, () => {
  let cluster: TestCluster | undefined;
  afterEach(async () => {
    await cluster?.close();
    cluster = undefined;
  });

  it('without a configured contact: /support in en, sv and nl, linked from billing recovery and its errors', async () => {
    cluster = await startCluster(backend);
    const browser = new Browser(cluster.nodes[0]!.baseUrl);
    for (const locale of ['en', 'sv', 'nl']) {
      const t = translator(locale);
      const page = await browser.agent.get(`/support?lang=${locale}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain(`<h1>${t('support.title')}</h1>`);
      expect(page.text).toContain(t('support.provider'));
      expect(page.text).toContain('href="/loginhelp"');
      expect(page.text).toContain('href="/loginhelp/recover"');
      expect(page.text).not.toContain('mailto:');
      // Nobody to write to: the page does not ask to be told anything.
      expect(page.text).toContain(t('support.introSelfHelp'));
      expect(page.text).not.toContain(t('support.intro'));

      const recover = await browser.agent.get(`/loginhelp/recover?lang=${locale}`);
      expect(recover.text).toContain(t('recover.otherBilling'));
      expect(supportHrefIn(recover.text)).toBe('/support');
      expect(recover.text).toContain(`>${t('common.contactSupport')}</a>`);
    }
    const help = await browser.agent.get('/help/TV-330?lang=en');
    expect(supportHrefIn(help.text)).toBe('/support');
  });

  it('SUPPORT_EMAIL is offered as a mailto link; with SUPPORT_URL every "Contact support" leads there', async () => {
    cluster = await startCluster(backend, {
      env: { SUPPORT_EMAIL: 'help@tv.example.com', SUPPORT_URL: 'https://support.example.com/tv', BILLING_RECOVERY: 'off' },
    });
    const browser = new Browser(cluster.nodes[0]!.baseUrl);
    const page = await browser.agent.get('/support?lang=sv');
    expect(page.text).toContain('Mejla oss på <a href="mailto:help@tv.example.com">help@tv.example.com</a>.');
    expect(page.text).toContain('href="https://support.example.com/tv"');
    expect(page.text).toContain(translator('sv')('support.intro'));
    // Billing recovery is off here: its error page (TV-330) links to support, not only to help.
    const unavailable = await browser.agent.get('/loginhelp/recover?lang=nl');
    expect(unavailable.status).toBe(404);
    expect(unavailable.text).toContain('TV-330');
    expect(supportHrefIn(unavailable.text)).toBe('https://support.example.com/tv');
    expect(unavailable.text).toContain(`>${translator('nl')('common.contactSupport')}</a>`);
    // Off: the page does not offer recovery by billing details either.
    expect(page.text).not.toContain('href="/loginhelp/recover"');
  });
});
