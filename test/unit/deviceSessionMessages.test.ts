import { describe, expect, it } from 'vitest';
import { parseTvMessage } from '../../shared/protocol.ts';
import { newDeviceSessionId, newRefreshToken, parseRefreshToken } from '../../server/devices/refreshTokens.ts';
import { authorizationServerMetadata } from '../../server/oauth/metadata.ts';
import { loadConfig } from '../../server/config.ts';

// The small formats of signed-in devices: the TV's session message, refresh tokens, metadata.

describe('the TV session message', () => {
  it('reads a session message with an access token', () => {
    expect(parseTvMessage(JSON.stringify({ type: 'session', access_token: 'a.b.c' }))).toEqual({ type: 'session', access_token: 'a.b.c' });
  });

  it('refuses a session message without a token, with a non-text token or one too long to be ours', () => {
    for (const message of [{ type: 'session' }, { type: 'session', access_token: 42 }, { type: 'session', access_token: 'x'.repeat(1801) }]) {
      expect(parseTvMessage(JSON.stringify(message))).toBeNull();
    }
  });
});

describe('refresh tokens', () => {
  const accountId = '7c1e4a52-8d0b-4f3e-9a51-2b6f0c9d1e23';

  it('say which device session they belong to, and differ every time', () => {
    const deviceSessionId = newDeviceSessionId();
    const first = newRefreshToken({ accountId, deviceSessionId });
    expect(parseRefreshToken(first)).toEqual({ accountId, deviceSessionId });
    expect(newRefreshToken({ accountId, deviceSessionId })).not.toBe(first);
  });

  it('parse nothing that is not exactly one of ours', () => {
    const id = newDeviceSessionId();
    for (const token of [undefined, 42, '', 'a.b', `${accountId}.${id}`, `${accountId}.${id}.short`, `${accountId}.${id}.${'A'.repeat(43)}.x`, `ac/count.${id}.${'A'.repeat(43)}`]) {
      expect(parseRefreshToken(token)).toBeNull();
    }
  });
});

describe('authorization server metadata', () => {
  it('names the public URL as issuer and every endpoint under it', () => {
    const metadata = authorizationServerMetadata(loadConfig({ PUBLIC_URL: 'https://tv.example.com/' }));
    expect(metadata).toMatchObject({
      issuer: 'https://tv.example.com',
      device_authorization_endpoint: 'https://tv.example.com/oauth/device_authorization',
      token_endpoint: 'https://tv.example.com/oauth/token',
      revocation_endpoint: 'https://tv.example.com/oauth/revocation',
      jwks_uri: 'https://tv.example.com/.well-known/jwks.json',
      grant_types_supported: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
      token_endpoint_auth_methods_supported: ['none'],
    });
  });
});
