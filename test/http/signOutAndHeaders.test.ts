import { afterEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { DEMO_ACCOUNT, startCluster, type TestCluster } from '../helpers/testNode.ts';
import { Browser, csrfTokenIn } from '../helpers/companion.ts';
import { CONTENT_SECURITY_POLICY } from '../../server/http/securityHeaders.ts';

// Issue 12, item 6: Sign Out sends Clear-Site-Data; helmet's headers with our strict CSP, and HSTS
// only where the site is served over TLS; the CSRF cookie is a new one after sign-in.

const embedded = BACKENDS[0]!;
const csrfCookieOf = (response: { headers: Record<string, unknown> }) =>
  ([] as string[]).concat((response.headers['set-cookie'] as string[] | undefined) ?? []).map((c) => /^(?:__Host-)?csrf=([^;]+)/.exec(c)?.[1]).find(Boolean);

describe('sign-out and security headers', () => {
  let cluster: TestCluster;
  afterEach(() => cluster?.close());

  it('Sign Out ends the session and tells the browser to clear this site\'s data', async () => {
    cluster = await startCluster(embedded);
    const browser = new Browser(cluster.nodes[0]!.baseUrl);
    await browser.signIn(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password);
    const _csrf = csrfTokenIn((await browser.agent.get('/account')).text);
    const out = await browser.agent.post('/logout').type('form').send({ _csrf });
    expect(out.status).toBe(303);
    expect(out.headers['clear-site-data']).toBe('"cache", "cookies", "storage"');
    expect((await browser.agent.get('/account')).status).toBe(303);
  });

  it('pages carry the strict CSP and helmet\'s headers; no HSTS over plain HTTP', async () => {
    cluster = await startCluster(embedded);
    const page = await request(cluster.nodes[0]!.baseUrl).get('/tv8');
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(page.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(page.headers['x-dns-prefetch-control']).toBe('off');
    expect(page.headers['strict-transport-security']).toBeUndefined();
  });

  it('sends HSTS when the site is served over TLS (an https PUBLIC_URL)', async () => {
    cluster = await startCluster(embedded, { env: { PUBLIC_URL: 'https://tv.example.com' } });
    const page = await request(cluster.nodes[0]!.baseUrl).get('/tv8');
    expect(page.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('the CSRF cookie rotates at sign-in: a token from before no longer works', async () => {
    cluster = await startCluster(embedded);
    const browser = new Browser(cluster.nodes[0]!.baseUrl);
    const loginPage = await browser.agent.get('/login');
    const before = csrfCookieOf(loginPage);
    const oldToken = csrfTokenIn(loginPage.text);
    const signedIn = await browser.agent.post('/login').type('form').send({ login: DEMO_ACCOUNT.email, password: DEMO_ACCOUNT.password, next: '/', _csrf: oldToken });
    expect(signedIn.status).toBe(303);
    const after = csrfCookieOf(signedIn);
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);
    // A form with the token from before the sign-in is refused; the new page's token works.
    expect((await browser.agent.post('/logout').type('form').send({ _csrf: oldToken })).status).toBe(403);
    const fresh = csrfTokenIn((await browser.agent.get('/account')).text);
    expect((await browser.agent.post('/logout').type('form').send({ _csrf: fresh })).status).toBe(303);
  });
});
