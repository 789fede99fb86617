import { afterEach, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { startCluster, type TestCluster } from '../helpers/testNode.ts';
import { Browser, csrfTokenIn } from '../helpers/companion.ts';
import request from 'supertest';
import { deviceIdsOn, refreshTokens, signedInPhone, signInByPolling, userinfo, type SignedInTokens } from '../helpers/deviceClient.ts';
import { DEVICE_CODE_GRANT_TYPE } from '../../server/oauth/deviceCodeGrant.ts';
import { TestTv } from '../helpers/tvSocket.ts';

/** A signed-in TV's socket from `ip` (behind the trusted proxy), registered for its device session. */
async function registeredTvFrom(wsUrl: string, accessToken: string, ip: string): Promise<TestTv> {
  const tv = await TestTv.connect(wsUrl, { 'X-Forwarded-For': ip });
  tv.send(JSON.stringify({ type: 'session', access_token: accessToken }));
  await tv.next('session_active');
  return tv;
}

// The signed-in devices page: only for the signed-in owner, forms protected against CSRF, and
// nobody can sign out a device of another account.

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`signed-in devices page on ${backend.name}`, () => {
    let cluster: TestCluster;
    afterEach(async () => {
      await cluster?.close();
    });

    it('asks a browser that is not signed in to sign in first, and comes back', async () => {
      cluster = await startCluster(backend);
      const browser = new Browser(cluster.nodes[0]!.baseUrl);
      const response = await browser.agent.get('/account/devices');
      expect(response.status).toBe(303);
      expect(response.headers.location).toBe(`/login?next=${encodeURIComponent('/account/devices')}`);
    });

    it('lists nothing before any device signed in, and links from the start page', async () => {
      cluster = await startCluster(backend);
      const phone = await signedInPhone(cluster.nodes[0]!.baseUrl);
      expect((await phone.agent.get('/')).text).toContain('href="/account/devices"');
      const list = await phone.agent.get('/account/devices');
      expect(list.text).toContain('No devices are signed in.');
      expect(list.text).not.toContain('Sign out of all devices');
    });

    it('the Account page lists the devices too, with their Sign out forms', async () => {
      cluster = await startCluster(backend);
      const { baseUrl } = cluster.nodes[0]!;
      await signInByPolling(baseUrl, { device_name: 'Kitchen TV', device_model: 'Stick 4K' });
      const phone = await signedInPhone(baseUrl);
      const account = await phone.agent.get('/account');
      expect(account.status).toBe(200);
      expect(account.text).toContain('Kitchen TV · Stick 4K');
      expect(deviceIdsOn(account.text)).toHaveLength(1);
      expect(account.text).toContain('Sign out of all devices');
    });

    it('says times the way people do, and "Sign out of all devices" asks first', async () => {
      cluster = await startCluster(backend);
      const { baseUrl } = cluster.nodes[0]!;
      await signInByPolling(baseUrl, { device_name: 'Kitchen TV', device_model: 'Stick 4K' });
      cluster.clock.advance(3 * 60_000);
      const phone = await signedInPhone(baseUrl);
      const list = await phone.agent.get('/account/devices');
      expect(list.text).toContain('3 minutes ago');
      expect(list.text).not.toMatch(/\d\d:\d\d UTC</);
      expect((await phone.agent.get('/account/devices').set('Accept-Language', 'sv')).text).toContain('för 3 minuter sedan');
      // The list links to a question; only its button signs everything out.
      expect(list.text).toContain('href="/account/devices/sign-out-all"');
      const question = await phone.agent.get('/account/devices/sign-out-all');
      expect(question.text).toContain('Every TV and device signed in to your account (1) will be signed out');
      expect(question.text).toContain('action="/account/devices/sign-out-all"');
      expect(deviceIdsOn((await phone.agent.get('/account/devices')).text)).toHaveLength(1);
    });

    it('speaks Swedish and Dutch', async () => {
      cluster = await startCluster(backend);
      const phone = await signedInPhone(cluster.nodes[0]!.baseUrl);
      expect((await phone.agent.get('/account/devices').set('Accept-Language', 'sv')).text).toContain('Inloggade enheter');
      expect((await phone.agent.get('/account/devices').set('Accept-Language', 'nl')).text).toContain('Ingelogde apparaten');
      // Our TV app under its built-in name is named in the page's language.
      await signInByPolling(cluster.nodes[0]!.baseUrl);
      expect((await phone.agent.get('/account/devices').set('Accept-Language', 'sv')).text).toContain('<dd>Tv-appen</dd>');
      expect((await phone.agent.get('/account/devices').set('Accept-Language', 'nl')).text).toContain('<dd>Tv-app</dd>');
      expect((await phone.agent.get('/account/devices').set('Accept-Language', 'en')).text).toContain('<dd>TV app</dd>');
    });

    it('refuses a sign-out without the form token (CSRF): the device stays signed in', async () => {
      cluster = await startCluster(backend);
      const { baseUrl } = cluster.nodes[0]!;
      const tokens = await signInByPolling(baseUrl);
      const phone = await signedInPhone(baseUrl);
      const [deviceId] = deviceIdsOn((await phone.agent.get('/account/devices')).text);
      const forged = await phone.agent.post('/account/devices/sign-out').type('form').send({ device: deviceId! });
      expect(forged.status).toBe(403);
      expect(forged.text).toContain('TV-203');
      const allForged = await phone.agent.post('/account/devices/sign-out-all').type('form').send({});
      expect(allForged.status).toBe(403);
      expect((await userinfo(baseUrl, tokens.access_token)).status).toBe(200);
    });

    it("cannot sign out another account's device, even knowing its id", async () => {
      cluster = await startCluster(backend);
      const { baseUrl, app } = cluster.nodes[0]!;
      const tokens = await signInByPolling(baseUrl);
      const owner = await signedInPhone(baseUrl);
      const [deviceId] = deviceIdsOn((await owner.agent.get('/account/devices')).text);

      await app.services.accounts.create({ email: 'mallory@example.com', password: 'another long password', name: 'Mallory' });
      const mallory = new Browser(baseUrl);
      await mallory.signIn('mallory@example.com', 'another long password');
      const page = await mallory.agent.get('/account/devices');
      expect(deviceIdsOn(page.text)).toEqual([]);
      const attempt = await mallory.agent.post('/account/devices/sign-out').type('form').send({ device: deviceId!, _csrf: csrfTokenIn(page.text) });
      expect(attempt.headers.location).toBe('/account/devices?signedOut=none');
      await mallory.agent.post('/account/devices/sign-out-all').type('form').send({ _csrf: csrfTokenIn(page.text) });
      expect((await userinfo(baseUrl, tokens.access_token)).status).toBe(200);
    });

    it('answers garbage device ids with "already signed out", never an error page', async () => {
      cluster = await startCluster(backend);
      const phone = await signedInPhone(cluster.nodes[0]!.baseUrl);
      const _csrf = csrfTokenIn((await phone.agent.get('/account/devices')).text);
      for (const device of ['', '../../etc', 'x'.repeat(5000)]) {
        const response = await phone.agent.post('/account/devices/sign-out').type('form').send({ device, _csrf });
        expect(response.status).toBe(303);
      }
      const twice = await phone.agent.post('/account/devices/sign-out').type('form').send(`device=a&device=b&_csrf=${encodeURIComponent(_csrf)}`);
      expect(twice.status).toBe(303);
    });

    it('says which network each device was last seen from (this one or another), never an address, and marks this browser', async () => {
      cluster = await startCluster(backend, { env: { TRUST_PROXY: 'loopback' } });
      const { baseUrl, wsUrl } = cluster.nodes[0]!;
      const HOME = '203.0.113.7';
      const CABIN = '198.51.100.20';
      /** A TV that asks for its code from `ip`, is approved, and collects its tokens by polling from there. */
      async function tvSignedInFrom(ip: string, name: string) {
        const start = await request(baseUrl).post('/oauth/device_authorization').set('X-Forwarded-For', ip).type('form')
          .send({ client_id: 'tv', device_name: name, device_model: 'Model X' });
        const approver = await signedInPhone(baseUrl);
        expect((await approver.decide(start.body.user_code, 'approve')).status).toBe(303);
        const polled = await request(baseUrl).post('/oauth/token').set('X-Forwarded-For', ip).type('form')
          .send({ grant_type: DEVICE_CODE_GRANT_TYPE, device_code: start.body.device_code, client_id: 'tv' });
        return polled.body as SignedInTokens;
      }
      await tvSignedInFrom(HOME, 'Living room TV');
      const cabinTv = await tvSignedInFrom(CABIN, 'Cabin TV');
      const phone = await signedInPhone(baseUrl);
      const networks = async (ip: string, lang = 'en') => {
        const page = (await phone.agent.get(`/account/devices?lang=${lang}`).set('X-Forwarded-For', ip)).text;
        expect(page).not.toMatch(/203\.0\.113|198\.51\.100|2001:db8/);
        return Object.fromEntries([...page.matchAll(/<strong>([^<]+) · Model X<\/strong>[\s\S]*?data-testid="device-network">([^<]+)</g)].map((m) => [m[1], m[2]]));
      };
      expect(await networks(HOME)).toEqual({ 'Living room TV': 'This network (the one you are on now)', 'Cabin TV': 'Another network' });
      expect(await networks(CABIN, 'sv')).toEqual({ 'Living room TV': 'Ett annat nätverk', 'Cabin TV': 'Det här nätverket (det du använder nu)' });
      expect(await networks('192.0.2.1', 'nl')).toEqual({ 'Living room TV': 'Een ander netwerk', 'Cabin TV': 'Een ander netwerk' });

      // The cabin TV comes home: a refresh from there moves it; so does its socket, over IPv6 (same /64).
      await refreshTokens(baseUrl, cabinTv.refresh_token).set('X-Forwarded-For', HOME).expect(200);
      expect((await networks(HOME))['Cabin TV']).toBe('This network (the one you are on now)');
      const tv = await registeredTvFrom(wsUrl, cabinTv.access_token, '2001:db8:1:2::99');
      await tv.close();
      expect(await networks('2001:db8:1:2:aaaa::5')).toEqual({ 'Living room TV': 'Another network', 'Cabin TV': 'This network (the one you are on now)' });

      // This browser is shown first and marked; "Sign out of all devices" is not the primary button.
      const page = (await phone.agent.get('/account/devices')).text;
      expect(page).toMatch(/<li data-testid="this-browser" class="this-browser" aria-current="true">\s*<p class="device-name"><strong>This browser<\/strong>/);
      expect(page.indexOf('data-testid="this-browser"')).toBeLessThan(page.indexOf('data-testid="device"'));
      expect(page).toContain('<a class="button secondary" href="/account/devices/sign-out-all">Sign out of all devices</a>');
      expect((await phone.agent.get('/account')).text).toContain('data-testid="this-browser"');
    });
  });
}
