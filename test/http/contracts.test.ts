import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { Ajv, type AnySchema } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { Validator } from '@seriousme/openapi-schema-validator';
import asyncApiSpecs from '@asyncapi/specs';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { DEMO_ACCOUNT, startCluster, type TestCluster } from '../helpers/testNode.ts';
import { approvedPairing, pollToken, refreshTokens, signedInPhone, userinfo, type SignedInTokens } from '../helpers/deviceClient.ts';
import { startPairing } from '../helpers/companion.ts';
import { TestTv } from '../helpers/tvSocket.ts';

// Conformance: the running server against the documents it publishes. /openapi.json must be a
// valid OpenAPI 3.1 document and /asyncapi.json a valid AsyncAPI 3.0 one; every answer of every
// documented HTTP operation (successes and refusals) must have a documented status and match the
// documented schema; every WebSocket message either way must match its documented payload; and
// the documents' request schemas must accept what the server accepts and refuse what it refuses.

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('published contracts (/openapi.json, /asyncapi.json) against the running server', () => {
  let cluster: TestCluster;
  let base: string;
  let openapi: Json;
  let asyncapi: Json;
  const ajv2020 = new Ajv2020({ strict: false, allErrors: true });
  const ajv7 = new Ajv({ strict: false, allErrors: true });
  const exercised = new Set<string>();

  beforeAll(async () => {
    cluster = await startCluster(BACKENDS[0]!);
    base = cluster.nodes[0]!.baseUrl;
    openapi = (await request(base).get('/openapi.json').expect(200)).body as Json;
    asyncapi = (await request(base).get('/asyncapi.json').expect(200)).body as Json;
  });
  afterAll(async () => {
    await cluster?.close();
  });

  function componentSchema(schema: Json): Json {
    const name = typeof schema.$ref === 'string' ? schema.$ref.replace('#/components/schemas/', '') : undefined;
    return name ? (openapi.components.schemas[name] as Json) : schema;
  }

  /** The answer has a documented status and, where a body is documented, matches its schema. */
  function conforms(method: 'get' | 'post', path: string, response: request.Response): void {
    const operation = openapi.paths[path]?.[method] as Json | undefined;
    expect(operation, `${method.toUpperCase()} ${path} is documented`).toBeDefined();
    const documented = operation!.responses[String(response.status)] as Json | undefined;
    expect(documented, `${method.toUpperCase()} ${path} → ${response.status} is documented (${response.text.slice(0, 200)})`).toBeDefined();
    exercised.add(`${method} ${path} ${response.status}`);
    const schema = documented!.content?.['application/json']?.schema as Json | undefined;
    if (!schema) return;
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const validate = ajv2020.compile(componentSchema(schema) as AnySchema);
    expect(validate(response.body), `${method.toUpperCase()} ${path} → ${response.status}: ${JSON.stringify(validate.errors)}`).toBe(true);
  }

  /** Whether the document's request schema accepts this body. */
  function requestAccepted(method: 'post', path: string, body: Json): boolean {
    const content = openapi.paths[path][method].requestBody.content as Json;
    const schema = (content['application/x-www-form-urlencoded'] ?? content['application/json']).schema as Json;
    return ajv2020.validate(componentSchema(schema) as AnySchema, body) as boolean;
  }

  function post(path: string, body: Json, type: 'form' | 'json' = 'form') {
    return request(base).post(path).type(type).send(body);
  }

  it('publishes a valid OpenAPI 3.1 document with the TV-code catalogue', async () => {
    const result = await new Validator().validate(openapi);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(openapi.openapi).toBe('3.1.0');
    const codes = (openapi['x-tv-error-codes'] as Json[]).map((entry) => entry.code);
    expect(codes).toContain('TV-100');
    expect(codes).toContain('TV-200');
    expect(openapi.components.schemas.ErrorResponse.properties.code.enum).toEqual(codes);
  });

  it('publishes a valid AsyncAPI 3.0 document for /ws/tv with the same catalogue', () => {
    // The AsyncAPI specification carries its own copy of the draft-07 meta-schema.
    const specs = new Ajv({ strict: false, allErrors: true, meta: false, validateSchema: false, validateFormats: false });
    const validate = specs.compile(asyncApiSpecs.schemas['3.0.0'] as AnySchema);
    expect(validate(asyncapi), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    expect(asyncapi.channels.tv.address).toBe('/ws/tv');
    expect(asyncapi['x-tv-error-codes']).toEqual(openapi['x-tv-error-codes']);
  });

  it('answers every documented HTTP operation as documented, refusals included', async () => {
    conforms('get', '/.well-known/oauth-authorization-server', await request(base).get('/.well-known/oauth-authorization-server'));
    conforms('get', '/.well-known/jwks.json', await request(base).get('/.well-known/jwks.json'));
    conforms('get', '/openapi.json', await request(base).get('/openapi.json'));
    conforms('get', '/asyncapi.json', await request(base).get('/asyncapi.json'));

    // Device authorization: a request the document accepts is accepted; one it refuses is refused.
    const good = { client_id: 'tv', device_name: 'Living room', device_model: 'Model X', scope: 'openid' };
    expect(requestAccepted('post', '/oauth/device_authorization', good)).toBe(true);
    const started = await post('/oauth/device_authorization', good);
    conforms('post', '/oauth/device_authorization', started);
    expect(started.status).toBe(200);
    const tooLong = { client_id: 'tv', device_name: 'x'.repeat(65) };
    expect(requestAccepted('post', '/oauth/device_authorization', tooLong)).toBe(false);
    const refused = await post('/oauth/device_authorization', tooLong);
    expect(refused.status).toBe(400);
    conforms('post', '/oauth/device_authorization', refused);
    conforms('post', '/oauth/device_authorization', await post('/oauth/device_authorization', { client_id: 'nobody' }));

    // Polling: pending, then the tokens, then a refresh.
    const poll = { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: started.body.device_code, client_id: 'tv' };
    expect(requestAccepted('post', '/oauth/token', poll)).toBe(true);
    conforms('post', '/oauth/token', await post('/oauth/token', poll));
    const { device_code } = await approvedPairing(base);
    const tokensResponse = await pollToken(base, device_code);
    conforms('post', '/oauth/token', tokensResponse);
    expect(tokensResponse.status).toBe(200);
    const tokens = tokensResponse.body as SignedInTokens;
    expect(requestAccepted('post', '/oauth/token', { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: 'tv' })).toBe(true);
    const refreshed = await refreshTokens(base, tokens.refresh_token);
    conforms('post', '/oauth/token', refreshed);
    expect(refreshed.status).toBe(200);
    conforms('post', '/oauth/token', await post('/oauth/token', { ...poll, client_id: 'nobody' }));

    conforms('get', '/oauth/userinfo', await userinfo(base, refreshed.body.access_token));
    conforms('get', '/oauth/userinfo', await userinfo(base, 'not-a-token'));

    // Remote sign-in: JSON only.
    const signIn = { client_id: 'tv', login: DEMO_ACCOUNT.email, password: DEMO_ACCOUNT.password, device_name: 'Bedroom' };
    expect(requestAccepted('post', '/api/tv/signin', signIn)).toBe(true);
    const signedIn = await post('/api/tv/signin', signIn, 'json');
    conforms('post', '/api/tv/signin', signedIn);
    expect(signedIn.status).toBe(200);
    conforms('post', '/api/tv/signin', await post('/api/tv/signin', { ...signIn, password: 'wrong password here' }, 'json'));
    expect(requestAccepted('post', '/api/tv/signin', { ...signIn, login: '' })).toBe(false);
    const emptyLogin = await post('/api/tv/signin', { ...signIn, login: '' }, 'json');
    expect(emptyLogin.status).toBe(400);
    conforms('post', '/api/tv/signin', emptyLogin);
    conforms('post', '/api/tv/signin', await post('/api/tv/signin', signIn, 'form'));

    const revoke = { token: refreshed.body.refresh_token, client_id: 'tv' };
    expect(requestAccepted('post', '/oauth/revocation', revoke)).toBe(true);
    conforms('post', '/oauth/revocation', await post('/oauth/revocation', revoke));
    conforms('post', '/oauth/revocation', await post('/oauth/revocation', { client_id: 'tv' }));

    const leave = { device_code: started.body.device_code };
    expect(requestAccepted('post', '/api/tv/leave', leave)).toBe(true);
    conforms('post', '/api/tv/leave', await post('/api/tv/leave', leave));

    // Every documented operation was exercised with its success answer.
    const operations = Object.entries(openapi.paths as Json).flatMap(([path, item]) =>
      Object.entries(item as Json).map(([method, operation]) => `${method} ${path} ${Object.keys((operation as Json).responses)[0]}`),
    );
    expect(operations.filter((operation) => !exercised.has(operation))).toEqual([]);
  });

  it('speaks /ws/tv as documented, both ways', async () => {
    const messages = asyncapi.components.messages as Json;
    const payloadOf = (type: string) => {
      expect(messages[type], `message ${type} is documented`).toBeDefined();
      return ajv7.compile(messages[type].payload as AnySchema);
    };
    const tv = await TestTv.connect(cluster.nodes[0]!.wsUrl);
    const sent: Json[] = [];
    const send = (message: Json) => {
      sent.push(message);
      tv.send(JSON.stringify(message));
    };
    try {
      const start = await startPairing(base);
      send({ type: 'listen', device_code: start.device_code });
      await tv.next('pending');
      const phone = await signedInPhone(base);
      await phone.enterCode(start.user_code);
      await tv.next('scanned');
      await phone.decide(start.user_code, 'approve');
      const approved = await tv.next('approved');
      send({ type: 'received' });
      send({ type: 'session', access_token: approved.access_token });
      await tv.next('session_active');
      tv.send('{"type":"no such message"}');
      await tv.next('error');

      for (const message of sent) {
        const validate = payloadOf(message.type as string);
        expect(validate(message), `${message.type}: ${JSON.stringify(validate.errors)}`).toBe(true);
      }
      expect(tv.messages.map((message) => message.type)).toEqual(['pending', 'scanned', 'approved', 'session_active', 'error']);
      for (const message of tv.messages) {
        const validate = payloadOf(message.type);
        expect(validate(message), `${message.type}: ${JSON.stringify(validate.errors)}`).toBe(true);
      }
      // What the server refuses, the document refuses too.
      expect(payloadOf('listen')({ type: 'listen', device_code: 'x'.repeat(257) })).toBe(false);
    } finally {
      await tv.close();
    }
  });
});
