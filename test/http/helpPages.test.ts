import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { startCluster, type TestCluster } from '../helpers/testNode.ts';
import { ERRORS, type ErrorId } from '../../shared/errors.ts';
import { errorMessage } from '../../shared/i18n/index.ts';
import { helpFor } from '../../companion-web/help/helpTexts.ts';
import { escapeHtml } from '../../companion-web/html.ts';

// /help/<code> answers for every code in every language, with the message and the steps.

describe('help pages', () => {
  let cluster: TestCluster;
  let baseUrl: string;
  beforeAll(async () => {
    cluster = await startCluster(BACKENDS[0]!);
    baseUrl = cluster.nodes[0]!.baseUrl;
  });
  afterAll(() => cluster.close());

  it('has an icon: pages link it, and /favicon.ico (asked for by browsers anyway) leads to it', async () => {
    expect((await request(baseUrl).get('/help')).text).toContain('<link rel="icon" href="/static/favicon.svg"');
    const ico = await request(baseUrl).get('/favicon.ico');
    expect(ico.status).toBe(301);
    expect(ico.headers.location).toBe('/static/favicon.svg');
    const svg = await request(baseUrl).get('/static/favicon.svg');
    expect(svg.status).toBe(200);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
  });

  it('serves every code in English, Swedish and Dutch', async () => {
    for (const [id, { code }] of Object.entries(ERRORS)) {
      for (const locale of ['en', 'sv', 'nl']) {
        const page = await request(baseUrl).get(`/help/${code}?lang=${locale}`);
        expect(page.status, `${code} ${locale}`).toBe(200);
        expect(page.text).toContain(`<html lang="${locale}">`);
        expect(page.text).toContain(escapeHtml(errorMessage(locale, id as ErrorId)));
        expect(page.text).toContain(escapeHtml(helpFor(locale, code)[0]!.steps[0]!));
      }
    }
  });

  it('accepts lower case, answers unknown or garbage codes with TV-404, and lists all codes', async () => {
    expect((await request(baseUrl).get('/help/tv-200')).text).toContain('/loginhelp');
    for (const bad of ['TV-999', 'nonsense', '%E0%A4%A', 'x'.repeat(500)]) {
      const page = await request(baseUrl).get(`/help/${bad}`);
      expect(page.status, bad).toBeGreaterThanOrEqual(400);
      expect(page.status, bad).toBeLessThan(500);
    }
    const index = await request(baseUrl).get('/help').set('Accept-Language', 'nl');
    for (const { code } of Object.values(ERRORS)) expect(index.text).toContain(`href="/help/${code}"`);
  });
});

describe('help pages say this deployment’s numbers', () => {
  it('TV-312 (an SMS code that no longer works) gives SMS_CODE_LIFETIME_SECONDS, not a fixed 20 minutes', async () => {
    const cluster = await startCluster(BACKENDS[0]!, { env: { SMS_CODE_LIFETIME_SECONDS: '600' } });
    try {
      const at = (lang: string) => request(cluster.nodes[0]!.baseUrl).get(`/help/TV-312?lang=${lang}`).then((page) => page.text);
      expect(await at('en')).toContain('It expires after 10 minutes.');
      expect(await at('sv')).toContain('Den går ut efter 10 minuter.');
      expect(await at('nl')).toContain('De code verloopt na 10 minuten.');
      for (const lang of ['en', 'sv', 'nl']) expect(await at(lang)).not.toMatch(/\b20 minut|\{minutes\}/);
    } finally {
      await cluster.close();
    }
  });
});
