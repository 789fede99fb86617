import { describe, expect, it } from 'vitest';
import { decodeProtectedHeader, type JWK } from 'jose';
import { ManualClock } from '../../server/clock.ts';
import { loadConfig } from '../../server/config.ts';
import { createAccessTokens } from '../../server/tokens/accessTokens.ts';
import { generateSigningJwk, signingKeysFromConfig } from '../../server/tokens/signingKeys.ts';

// Signing-key rotation: SIGNING_KEY as a JSON array. The first key signs, every key is in the
// JWKS and verifies, so tokens signed before a rotation keep working until they expire.

const CLAIMS = { accountId: 'account-1', clientId: 'tv', scope: 'openid' };

async function tokensFor(signingKey: string, clock: ManualClock) {
  const config = loadConfig({ SIGNING_KEY: signingKey });
  const keys = await signingKeysFromConfig(config.signingKeyJwks, '/nonexistent');
  return { keys, tokens: createAccessTokens({ keys, issuer: 'https://tv.example', audience: 'https://tv.example', lifetimeSeconds: 3600, clock }) };
}

const publicHalf = ({ d: _private, ...jwk }: JWK) => jwk;

describe('signing-key rotation', () => {
  it('publishes every key, signs with the first, and verifies tokens of the older ones until they expire', async () => {
    const clock = new ManualClock();
    const [older, newer] = [await generateSigningJwk(), await generateSigningJwk()];
    const before = await tokensFor(JSON.stringify(older), clock);
    const oldToken = await before.tokens.issue(CLAIMS);

    // Step 1 of the README's procedure: publish the new key while the old one still signs.
    const published = await tokensFor(JSON.stringify([older, newer]), clock);
    expect(published.keys.jwks.keys.map((key) => key.kid)).toEqual([older.kid, newer.kid]);
    expect(decodeProtectedHeader(await published.tokens.issue(CLAIMS)).kid).toBe(older.kid);

    // Step 2: the new key signs; the old one (public half is enough) still verifies.
    const rotated = await tokensFor(JSON.stringify([newer, publicHalf(older)]), clock);
    expect(rotated.keys.jwks.keys.map((key) => key.kid)).toEqual([newer.kid, older.kid]);
    expect(rotated.keys.jwks.keys.every((key) => key.d === undefined)).toBe(true);
    const newToken = await rotated.tokens.issue(CLAIMS);
    expect(decodeProtectedHeader(newToken).kid).toBe(newer.kid);
    expect(await rotated.tokens.verify(oldToken)).toMatchObject({ accountId: 'account-1' });
    expect(await rotated.tokens.verify(newToken)).toMatchObject({ accountId: 'account-1' });
    expect(await before.tokens.verify(newToken)).toBeNull();

    // The old token still expires on time.
    clock.advance(3601_000);
    expect(await rotated.tokens.verify(oldToken)).toBeNull();

    // Step 3: the old key is dropped; its tokens (had any outlived it) no longer verify.
    const dropped = await tokensFor(JSON.stringify([newer]), new ManualClock());
    expect(await dropped.tokens.verify(oldToken)).toBeNull();
  });

  it('still takes a single JWK', async () => {
    const jwk = await generateSigningJwk();
    const { keys } = await tokensFor(JSON.stringify(jwk), new ManualClock());
    expect(keys.kid).toBe(jwk.kid);
    expect(keys.jwks.keys).toHaveLength(1);
  });
});
