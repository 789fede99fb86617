import { afterEach, describe, expect, it } from 'vitest';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { DEMO_ACCOUNT, startCluster, type TestCluster } from '../helpers/testNode.ts';
import { signedInPhone } from '../helpers/deviceClient.ts';
import { DEVICE_CODE_GRANT_TYPE } from '../../server/oauth/deviceCodeGrant.ts';

// Plays a standard OAuth device-flow client that knows nothing of our WebSocket: it discovers the
// endpoints from RFC 8414 metadata, starts the flow, polls at the advertised interval (the clock
// moves, nothing sleeps), gets tokens, checks the access token against jwks_uri with jose,
// refreshes, and revokes. Plain fetch, as a client library would.

async function postForm(url: string, fields: Record<string, string>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`a standard device-flow client on ${backend.name}`, () => {
    let cluster: TestCluster;
    afterEach(async () => {
      await cluster?.close();
    });

    it('discovers, starts, polls at the interval, verifies against jwks_uri, refreshes and revokes', async () => {
      cluster = await startCluster(backend);
      const baseUrl = cluster.nodes[0]!.baseUrl;

      const metadata = (await (await fetch(`${baseUrl}/.well-known/oauth-authorization-server`)).json()) as Record<string, string | string[]>;
      expect(metadata.issuer).toBe(baseUrl);
      expect(metadata.grant_types_supported).toEqual(expect.arrayContaining([DEVICE_CODE_GRANT_TYPE, 'refresh_token']));
      const endpoints = metadata as Record<'device_authorization_endpoint' | 'token_endpoint' | 'jwks_uri' | 'revocation_endpoint' | 'userinfo_endpoint', string>;

      const start = await postForm(endpoints.device_authorization_endpoint, { client_id: 'tv', scope: 'openid profile' });
      expect(start.status).toBe(200);
      const { device_code, user_code } = start.body as { device_code: string; user_code: string };
      let interval = start.body.interval as number;

      // The person approves on the phone while the client is polling.
      const phone = await signedInPhone(baseUrl);
      const answers: string[] = [];
      let tokens: Record<string, unknown> | undefined;
      for (let poll = 0; poll < 10 && !tokens; poll++) {
        cluster.clock.advance(interval * 1000);
        if (poll === 2) expect((await phone.decide(user_code, 'approve')).status).toBe(303);
        const answer = await postForm(endpoints.token_endpoint, { grant_type: DEVICE_CODE_GRANT_TYPE, device_code, client_id: 'tv' });
        expect(answer.headers.get('cache-control')).toBe('no-store');
        if (answer.status === 200) tokens = answer.body;
        else answers.push(answer.body.error as string);
        if (answer.body.error === 'slow_down') interval += 5;
      }
      // A client that keeps to the interval is never told to slow down.
      expect(answers).toEqual(['authorization_pending', 'authorization_pending']);
      expect(tokens).toMatchObject({ token_type: 'Bearer', scope: 'openid profile' });

      const jwks = createRemoteJWKSet(new URL(endpoints.jwks_uri));
      const verifyOptions = { issuer: metadata.issuer as string, audience: baseUrl, algorithms: ['EdDSA'], currentDate: new Date(cluster.clock.now()) };
      const { payload } = await jwtVerify(tokens!.access_token as string, jwks, verifyOptions);
      const account = await cluster.nodes[0]!.app.services.accounts.findByLogin(DEMO_ACCOUNT.email);
      expect(payload).toMatchObject({ sub: account!.id, client_id: 'tv', scope: 'openid profile', sid: expect.any(String) });

      const refreshed = await postForm(endpoints.token_endpoint, { grant_type: 'refresh_token', refresh_token: tokens!.refresh_token as string, client_id: 'tv' });
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.refresh_token).not.toBe(tokens!.refresh_token);
      const again = await jwtVerify(refreshed.body.access_token as string, jwks, verifyOptions);
      expect(again.payload.sid).toBe(payload.sid);

      const me = await fetch(endpoints.userinfo_endpoint, { headers: { Authorization: `Bearer ${refreshed.body.access_token}` } });
      expect(await me.json()).toMatchObject({ sub: account!.id, email: DEMO_ACCOUNT.email });

      const revoked = await postForm(endpoints.revocation_endpoint, { token: refreshed.body.refresh_token as string, token_type_hint: 'refresh_token', client_id: 'tv' });
      expect(revoked.status).toBe(200);
      const afterRevoke = await postForm(endpoints.token_endpoint, { grant_type: 'refresh_token', refresh_token: refreshed.body.refresh_token as string, client_id: 'tv' });
      expect(afterRevoke).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
      const meAfter = await fetch(endpoints.userinfo_endpoint, { headers: { Authorization: `Bearer ${refreshed.body.access_token}` } });
      expect(meAfter.status).toBe(401);
    });
  });
}
