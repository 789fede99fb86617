import { afterEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { DEMO_ACCOUNT, startCluster, type TestCluster } from '../helpers/testNode.ts';

// Signing a TV in with the remote: POST /api/tv/signin with login and password.

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`remote sign-in on ${backend.name}`, () => {
    let cluster: TestCluster;
    afterEach(() => cluster?.close());

    const signIn = (baseUrl: string, body: Record<string, unknown>) =>
      request(baseUrl).post('/api/tv/signin').send({ client_id: 'tv', device_name: 'Kitchen TV', ...body });

    it('gives a verifiable token for the right password, by email or phone number', async () => {
      cluster = await startCluster(backend);
      const { baseUrl } = cluster.nodes[0]!;
      const byEmail = await signIn(baseUrl, { login: DEMO_ACCOUNT.email.toUpperCase(), password: DEMO_ACCOUNT.password });
      expect(byEmail.status).toBe(200);
      expect(byEmail.headers['cache-control']).toBe('no-store');
      expect(byEmail.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, refresh_token: expect.any(String) });
      const { payload } = await jwtVerify(byEmail.body.access_token, createRemoteJWKSet(new URL(`${baseUrl}/.well-known/jwks.json`)), { issuer: baseUrl, audience: baseUrl, currentDate: new Date(cluster.clock.now()) });
      const userinfo = await request(baseUrl).get('/oauth/userinfo').set('Authorization', `Bearer ${byEmail.body.access_token}`);
      expect(userinfo.body).toMatchObject({ sub: payload.sub, name: DEMO_ACCOUNT.name });
      const byPhone = await signIn(baseUrl, { login: DEMO_ACCOUNT.phone, password: DEMO_ACCOUNT.password });
      expect(byPhone.status).toBe(200);
      // A form (what another site could post through a visitor's browser) is refused.
      const asForm = await request(baseUrl).post('/api/tv/signin').type('form')
        .send({ client_id: 'tv', login: DEMO_ACCOUNT.phone, password: DEMO_ACCOUNT.password });
      expect(asForm.status).toBe(415);
      expect(asForm.body.code).toBe('TV-415');
    });

    it('answers a wrong password and an unknown account alike (TV-200)', async () => {
      cluster = await startCluster(backend);
      const { baseUrl } = cluster.nodes[0]!;
      const wrong = await signIn(baseUrl, { login: DEMO_ACCOUNT.email, password: DEMO_ACCOUNT.password.toUpperCase() });
      const unknown = await signIn(baseUrl, { login: 'nobody@example.com', password: DEMO_ACCOUNT.password });
      for (const response of [wrong, unknown]) {
        expect(response.status).toBe(401);
        expect(response.body).toMatchObject({ error: 'invalid_grant', code: 'TV-200' });
      }
      expect(wrong.body).toEqual(unknown.body);
    });

    it('limits guesses per login before hashing (TV-201), even for the right password', async () => {
      cluster = await startCluster(backend);
      const { baseUrl } = cluster.nodes[0]!;
      for (let i = 0; i < 10; i++) expect((await signIn(baseUrl, { login: DEMO_ACCOUNT.email, password: `guess-${i}` })).status).toBe(401);
      const blocked = await signIn(baseUrl, { login: ` ${DEMO_ACCOUNT.email.toUpperCase()} `, password: DEMO_ACCOUNT.password });
      expect(blocked.status).toBe(429);
      expect(blocked.body.code).toBe('TV-201');
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('refuses garbage with 4xx and a code, never 5xx', async () => {
      cluster = await startCluster(backend);
      const { baseUrl } = cluster.nodes[0]!;
      const cases: [Record<string, unknown>, number, string][] = [
        [{ client_id: 'nope', login: 'a@b.se', password: 'x' }, 401, 'TV-401'],
        [{ client_id: 'tv', login: 'a@b.se' }, 400, 'TV-400'],
        [{ client_id: 'tv', login: ['a@b.se'], password: 'x' }, 400, 'TV-400'],
        [{ client_id: 'tv', login: 'a@b.se', password: 'x'.repeat(257) }, 400, 'TV-400'],
        [{ client_id: 'tv', login: 'x'.repeat(255), password: 'x' }, 400, 'TV-400'],
        [{ client_id: 'tv', login: 'a@b.se', password: 'x', device_name: { $gt: 1 } }, 400, 'TV-400'],
      ];
      for (const [body, status, code] of cases) {
        const response = await request(baseUrl).post('/api/tv/signin').send(body);
        expect(response.status, JSON.stringify(body).slice(0, 60)).toBe(status);
        expect(response.body.code).toBe(code);
      }
      const broken = await request(baseUrl).post('/api/tv/signin').set('Content-Type', 'application/json').send('{"login":');
      expect(broken.status).toBe(400);
    });
  });
}
