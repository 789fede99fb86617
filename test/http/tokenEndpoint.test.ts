import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { startCluster, type TestCluster } from '../helpers/testNode.ts';
import { startPairing } from '../helpers/companion.ts';
import {
  approvedPairing, expectOAuthError, pollToken, refreshTokens, signedInPhone, signInByPolling, userinfo,
} from '../helpers/deviceClient.ts';
import { DEVICE_CODE_GRANT_TYPE } from '../../server/oauth/deviceCodeGrant.ts';

// The RFC 8628 / RFC 6749 error matrix of POST /oauth/token, one case per test, plus RFC 7009
// revocation, on the embedded store and on real Redis.

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`token endpoint on ${backend.name}`, () => {
    let cluster: TestCluster;
    let baseUrl: string;

    beforeEach(async () => {
      cluster = await startCluster(backend, { env: { CLIENTS: 'tv:TV app,stick:Streaming stick' } });
      baseUrl = cluster.nodes[0]!.baseUrl;
    });
    afterEach(async () => {
      await cluster.close();
    });

    const token = (fields: Record<string, string | string[]>) => request(baseUrl).post('/oauth/token').type('form').send(fields);

    describe('requests and clients', () => {
      it('missing grant_type: invalid_request', async () => {
        expectOAuthError(await token({ client_id: 'tv' }), 400, 'invalid_request', 'TV-400');
      });

      it('a grant type we do not offer: unsupported_grant_type', async () => {
        expectOAuthError(await token({ client_id: 'tv', grant_type: 'authorization_code', code: 'x' }), 400, 'unsupported_grant_type', 'TV-402');
      });

      it('an unregistered client: invalid_client with 401', async () => {
        const { device_code } = await startPairing(baseUrl);
        expectOAuthError(await pollToken(baseUrl, device_code, 'someone-else'), 401, 'invalid_client', 'TV-401');
      });

      it('no client_id at all: invalid_client with 401', async () => {
        expectOAuthError(await token({ grant_type: DEVICE_CODE_GRANT_TYPE, device_code: 'x' }), 401, 'invalid_client', 'TV-401');
      });

      it('a JSON body instead of a form: invalid_request', async () => {
        const response = await request(baseUrl).post('/oauth/token').send({ grant_type: DEVICE_CODE_GRANT_TYPE, client_id: 'tv', device_code: 'x' });
        expectOAuthError(response, 400, 'invalid_request', 'TV-400');
      });

      it('a parameter given twice: invalid_request', async () => {
        const response = await request(baseUrl).post('/oauth/token').type('form')
          .send(`client_id=tv&grant_type=${encodeURIComponent(DEVICE_CODE_GRANT_TYPE)}&device_code=a&device_code=b`);
        expectOAuthError(response, 400, 'invalid_request', 'TV-400');
      });
    });

    it('garbage in any parameter of the token and revocation endpoints gets a 4xx, never a 5xx', async () => {
      const garbage = ['\u0000', 'é'.repeat(5000), '.'.repeat(100), 'a.b.c', `BCDF.${'A'.repeat(43)}`, `7c1e4a52-8d0b-4f3e-9a51-2b6f0c9d1e23.${'A'.repeat(22)}.${'A'.repeat(43)}`];
      for (const grant_type of [DEVICE_CODE_GRANT_TYPE, 'refresh_token']) {
        for (const value of garbage) {
          for (const field of ['device_code', 'refresh_token', 'scope', 'client_id']) {
            const response = await token({ grant_type, client_id: 'tv', [field]: value });
            expect(response.status, `${grant_type} ${field}`).toBeGreaterThanOrEqual(400);
            expect(response.status, `${grant_type} ${field}`).toBeLessThan(500);
          }
          const revoked = await request(baseUrl).post('/oauth/revocation').type('form').send({ client_id: 'tv', token: value });
          expect(revoked.status).toBeLessThan(500);
        }
      }
    });

    describe('device code grant (RFC 8628)', () => {
      it('missing device_code: invalid_request', async () => {
        expectOAuthError(await token({ client_id: 'tv', grant_type: DEVICE_CODE_GRANT_TYPE }), 400, 'invalid_request', 'TV-400');
      });

      it('a device code we never issued: invalid_grant', async () => {
        const { device_code } = await startPairing(baseUrl);
        const forged = `${device_code.split('.')[0]}.${'A'.repeat(43)}`;
        expectOAuthError(await pollToken(baseUrl, forged), 400, 'invalid_grant', 'TV-105');
        expectOAuthError(await pollToken(baseUrl, 'garbage'), 400, 'invalid_grant', 'TV-105');
      });

      it('nobody has confirmed yet: authorization_pending', async () => {
        const { device_code } = await startPairing(baseUrl);
        expectOAuthError(await pollToken(baseUrl, device_code), 400, 'authorization_pending', 'TV-106');
      });

      it('the code was opened on a phone but not confirmed: still authorization_pending', async () => {
        const { device_code, user_code } = await startPairing(baseUrl);
        const phone = await signedInPhone(baseUrl);
        await phone.enterCode(user_code);
        expectOAuthError(await pollToken(baseUrl, device_code), 400, 'authorization_pending', 'TV-106');
      });

      it('polling faster than the interval: slow_down, and that device waits 5 seconds longer for good', async () => {
        const { device_code, interval } = await startPairing(baseUrl);
        expectOAuthError(await pollToken(baseUrl, device_code), 400, 'authorization_pending', 'TV-106');
        cluster.clock.advance(interval * 1000 - 1);
        expectOAuthError(await pollToken(baseUrl, device_code), 400, 'slow_down', 'TV-107');
        // The old interval is no longer enough…
        cluster.clock.advance(interval * 1000);
        expectOAuthError(await pollToken(baseUrl, device_code), 400, 'slow_down', 'TV-107');
        // …the raised one (now +10 after two slow_downs) is.
        cluster.clock.advance((interval + 10) * 1000);
        expectOAuthError(await pollToken(baseUrl, device_code), 400, 'authorization_pending', 'TV-106');
      });

      it('the person refused the sign-in: access_denied', async () => {
        const { device_code, user_code } = await startPairing(baseUrl);
        const phone = await signedInPhone(baseUrl);
        await phone.decide(user_code, 'deny');
        expectOAuthError(await pollToken(baseUrl, device_code), 400, 'access_denied', 'TV-103');
      });

      it('the code ran out: expired_token', async () => {
        const { device_code, expires_in } = await startPairing(baseUrl);
        cluster.clock.advance(expires_in * 1000);
        expectOAuthError(await pollToken(baseUrl, device_code), 400, 'expired_token', 'TV-102');
      });

      it('a code already redeemed: invalid_grant, and no second token set', async () => {
        const { device_code } = await approvedPairing(baseUrl);
        expect((await pollToken(baseUrl, device_code)).status).toBe(200);
        expectOAuthError(await pollToken(baseUrl, device_code), 400, 'invalid_grant', 'TV-104');
      });

      it("another client's device code: invalid_grant, and the rightful client still gets its tokens", async () => {
        const { device_code } = await approvedPairing(baseUrl);
        expectOAuthError(await pollToken(baseUrl, device_code, 'stick'), 400, 'invalid_grant', 'TV-105');
        expect((await pollToken(baseUrl, device_code, 'tv')).status).toBe(200);
      });

      it('approved: a token response with a refresh token, never cached; the phone then says the TV is signed in', async () => {
        const { device_code, user_code, phone } = await approvedPairing(baseUrl);
        const response = await pollToken(baseUrl, device_code);
        expect(response.status).toBe(200);
        expect(response.headers['cache-control']).toBe('no-store');
        expect(response.headers.pragma).toBe('no-cache');
        expect(response.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'openid profile' });
        expect(response.body.refresh_token).toEqual(expect.any(String));
        expect((await userinfo(baseUrl, response.body.access_token)).status).toBe(200);
        const status = await phone.agent.get(`/tv8/status?code=${user_code.replace('-', '')}`);
        expect(status.body).toEqual({ state: 'claimed', received: true, tvLeft: false });
      });

      it('error answers are not cached either (Pragma too)', async () => {
        const { device_code } = await startPairing(baseUrl);
        expect((await pollToken(baseUrl, device_code)).headers.pragma).toBe('no-cache');
      });
    });

    describe('refresh token grant', () => {
      it('missing refresh_token: invalid_request', async () => {
        expectOAuthError(await token({ client_id: 'tv', grant_type: 'refresh_token' }), 400, 'invalid_request', 'TV-400');
      });

      it('an unknown refresh token: invalid_grant', async () => {
        expectOAuthError(await refreshTokens(baseUrl, 'not-a-refresh-token'), 400, 'invalid_grant', 'TV-600');
      });

      it('rotates: new tokens and a new refresh token; the old one is spent', async () => {
        const first = await signInByPolling(baseUrl);
        const response = await refreshTokens(baseUrl, first.refresh_token);
        expect(response.status).toBe(200);
        expect(response.headers['cache-control']).toBe('no-store');
        expect(response.body.refresh_token).not.toBe(first.refresh_token);
        expect((await userinfo(baseUrl, response.body.access_token)).status).toBe(200);
      });

      it('a rotated refresh token used again: invalid_grant, and the whole device is signed out', async () => {
        const first = await signInByPolling(baseUrl);
        const second = (await refreshTokens(baseUrl, first.refresh_token)).body;
        expectOAuthError(await refreshTokens(baseUrl, first.refresh_token), 400, 'invalid_grant', 'TV-601');
        expectOAuthError(await refreshTokens(baseUrl, second.refresh_token), 400, 'invalid_grant', 'TV-600');
        expectOAuthError(await userinfo(baseUrl, second.access_token), 401, 'invalid_token', 'TV-403');
        expectOAuthError(await userinfo(baseUrl, first.access_token), 401, 'invalid_token', 'TV-403');
      });

      it("another client's refresh token: invalid_grant, and the device stays signed in", async () => {
        const tokens = await signInByPolling(baseUrl);
        expectOAuthError(await refreshTokens(baseUrl, tokens.refresh_token, { client_id: 'stick' }), 400, 'invalid_grant', 'TV-600');
        expect((await refreshTokens(baseUrl, tokens.refresh_token)).status).toBe(200);
      });

      it('a refresh token of a signed-out device: invalid_grant', async () => {
        const tokens = await signInByPolling(baseUrl);
        const { accounts, deviceSessions } = cluster.nodes[0]!.app.context;
        const account = await accounts.findByLogin('demo@example.com');
        await deviceSessions.revokeAllFor(account!.id);
        expectOAuthError(await refreshTokens(baseUrl, tokens.refresh_token), 400, 'invalid_grant', 'TV-600');
      });

      it('a wider scope than granted: invalid_scope, and the refresh token is not spent', async () => {
        const tokens = await signInByPolling(baseUrl);
        expectOAuthError(await refreshTokens(baseUrl, tokens.refresh_token, { scope: 'openid admin' }), 400, 'invalid_scope', 'TV-602');
        const narrower = await refreshTokens(baseUrl, tokens.refresh_token, { scope: 'openid' });
        expect(narrower.status).toBe(200);
        expect(narrower.body.scope).toBe('openid');
      });
    });

    describe('revocation (RFC 7009)', () => {
      const revoke = (fields: Record<string, string>) => request(baseUrl).post('/oauth/revocation').type('form').send(fields);

      it('revoking a refresh token signs the device out: refresh and userinfo refuse its tokens', async () => {
        const tokens = await signInByPolling(baseUrl);
        const response = await revoke({ client_id: 'tv', token: tokens.refresh_token, token_type_hint: 'refresh_token' });
        expect(response.status).toBe(200);
        expectOAuthError(await refreshTokens(baseUrl, tokens.refresh_token), 400, 'invalid_grant', 'TV-600');
        expectOAuthError(await userinfo(baseUrl, tokens.access_token), 401, 'invalid_token', 'TV-403');
      });

      it('revoking an access token signs its device out too', async () => {
        const tokens = await signInByPolling(baseUrl);
        expect((await revoke({ client_id: 'tv', token: tokens.access_token })).status).toBe(200);
        expectOAuthError(await refreshTokens(baseUrl, tokens.refresh_token), 400, 'invalid_grant', 'TV-600');
      });

      it('an unknown token: 200 all the same, telling nothing', async () => {
        expect((await revoke({ client_id: 'tv', token: 'nothing-we-issued' })).status).toBe(200);
      });

      it("another client cannot revoke a device's token", async () => {
        const tokens = await signInByPolling(baseUrl);
        expect((await revoke({ client_id: 'stick', token: tokens.refresh_token })).status).toBe(200);
        expect((await refreshTokens(baseUrl, tokens.refresh_token)).status).toBe(200);
      });

      it('an unregistered client: invalid_client; no token: invalid_request', async () => {
        expectOAuthError(await revoke({ client_id: 'nope', token: 'x' }), 401, 'invalid_client', 'TV-401');
        expectOAuthError(await revoke({ client_id: 'tv' }), 400, 'invalid_request', 'TV-400');
      });
    });
  });
}
