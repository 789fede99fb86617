import request from 'supertest';
import { expect } from 'vitest';
import type { TokenResponse } from '../../shared/protocol.ts';
import { DEVICE_CODE_GRANT_TYPE } from '../../server/oauth/deviceCodeGrant.ts';
import { Browser, startPairing } from './companion.ts';
import { DEMO_ACCOUNT } from './testNode.ts';
import { TestTv } from './tvSocket.ts';

// A standard OAuth device client and the person approving it, for the token endpoint tests.

export type SignedInTokens = TokenResponse & { refresh_token: string };

export async function signedInPhone(baseUrl: string): Promise<Browser> {
  const phone = new Browser(baseUrl);
  const response = await phone.signIn(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password);
  if (response.status !== 303) throw new Error(`sign-in failed: ${response.status}`);
  return phone;
}

export function pollToken(baseUrl: string, deviceCode: string, clientId = 'tv') {
  return request(baseUrl).post('/oauth/token').type('form').send({ grant_type: DEVICE_CODE_GRANT_TYPE, device_code: deviceCode, client_id: clientId });
}

export function refreshTokens(baseUrl: string, refreshToken: string, extra: Record<string, string> = {}) {
  return request(baseUrl).post('/oauth/token').type('form').send({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: 'tv', ...extra });
}

export function userinfo(baseUrl: string, accessToken: string) {
  return request(baseUrl).get('/oauth/userinfo').set('Authorization', `Bearer ${accessToken}`);
}

/** A pairing the demo account approved on the phone; the TV has not collected it yet. */
export async function approvedPairing(baseUrl: string, fields: Record<string, string> = {}) {
  const start = await startPairing(baseUrl, fields);
  const phone = await signedInPhone(baseUrl);
  const decided = await phone.decide(start.user_code, 'approve');
  if (decided.status !== 303) throw new Error(`approval failed: ${decided.status}`);
  return { ...start, phone };
}

/** A device signed in by polling, as any standard device-flow client would be. */
export async function signInByPolling(baseUrl: string, fields: Record<string, string> = {}): Promise<SignedInTokens> {
  const { device_code } = await approvedPairing(baseUrl, fields);
  const response = await pollToken(baseUrl, device_code, fields.client_id);
  if (response.status !== 200) throw new Error(`token poll failed: ${response.status} ${response.text}`);
  return response.body as SignedInTokens;
}

/** An RFC 6749 §5.2 error answer with our stable code, never cached. */
export function expectOAuthError(response: request.Response, status: number, error: string, code: string): void {
  expect({ status: response.status, error: response.body.error, code: response.body.code }).toEqual({ status, error, code });
  expect(typeof response.body.error_description).toBe('string');
  expect(response.headers['cache-control']).toBe('no-store');
}

/** Our TV's way: listen on the WebSocket, the phone approves, the token is pushed. */
export async function signInOverWebSocket(baseUrl: string, wsUrl: string, fields: Record<string, string> = {}): Promise<SignedInTokens> {
  const start = await startPairing(baseUrl, fields);
  const tv = await TestTv.connect(wsUrl);
  try {
    tv.listen(start.device_code);
    await tv.next('pending');
    const phone = await signedInPhone(baseUrl);
    await phone.decide(start.user_code, 'approve');
    const { type: _type, ...tokens } = await tv.next('approved');
    return tokens as SignedInTokens;
  } finally {
    await tv.close();
  }
}

/** A signed-in TV's socket, registered for its device session as the TV app does. */
export async function registeredTv(wsUrl: string, accessToken: string): Promise<TestTv> {
  const tv = await TestTv.connect(wsUrl);
  tv.send(JSON.stringify({ type: 'session', access_token: accessToken }));
  await tv.next('session_active');
  return tv;
}

/** The device ids in the Sign out forms of /account/devices. */
export function deviceIdsOn(html: string): string[] {
  return [...html.matchAll(/name="device" value="([^"]+)"/g)].map((match) => match[1]!);
}
