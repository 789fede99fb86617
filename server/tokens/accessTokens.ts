import { SignJWT, jwtVerify, errors as joseErrors, type JWTHeaderParameters } from 'jose';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { SIGNING_ALGORITHM, type SigningKeys } from './signingKeys.ts';

// Access tokens are JWTs (RFC 9068 style): iss, aud, sub = account id, client_id, exp. Verified with
// an algorithm allow-list, the expected issuer and audience, and our injected clock.

export interface AccessTokenClaims {
  accountId: string;
  clientId: string;
  scope: string;
  /** The device session this token belongs to, so signing a device out can stop its tokens. */
  deviceSessionId?: string;
}

export interface VerifiedAccessToken extends AccessTokenClaims {
  expiresAt: number;
  tokenId: string;
}

export interface AccessTokens {
  lifetimeSeconds: number;
  issue(claims: AccessTokenClaims): Promise<string>;
  /** The verified claims, or null for any token that is not ours, expired or malformed. */
  verify(token: string): Promise<VerifiedAccessToken | null>;
}

export function createAccessTokens(options: {
  keys: SigningKeys;
  issuer: string;
  audience: string;
  lifetimeSeconds: number;
  clock: Clock;
}): AccessTokens {
  const { keys, issuer, audience, lifetimeSeconds, clock } = options;
  return {
    lifetimeSeconds,
    async issue(claims) {
      const nowSeconds = Math.floor(clock.now() / 1000);
      const payload: Record<string, string> = { client_id: claims.clientId, scope: claims.scope };
      if (claims.deviceSessionId) payload.sid = claims.deviceSessionId;
      return new SignJWT(payload)
        .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: keys.kid, typ: 'at+jwt' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(claims.accountId)
        .setIssuedAt(nowSeconds)
        .setExpirationTime(nowSeconds + lifetimeSeconds)
        .setJti(randomUUID())
        .sign(keys.privateKey);
    },
    async verify(token) {
      if (typeof token !== 'string' || token.length > 4096) return null;
      try {
        // The key named by the token's kid: tokens from a key being rotated out still verify.
        const key = (header: JWTHeaderParameters) => {
          const found = header.kid === undefined ? undefined : keys.verificationKeys.get(header.kid);
          if (!found) throw new joseErrors.JWKSNoMatchingKey();
          return found;
        };
        const { payload } = await jwtVerify(token, key, {
          algorithms: [SIGNING_ALGORITHM],
          issuer,
          audience,
          typ: 'at+jwt',
          currentDate: new Date(clock.now()),
        });
        if (typeof payload.sub !== 'string' || typeof payload.client_id !== 'string' || typeof payload.exp !== 'number') return null;
        return {
          accountId: payload.sub,
          clientId: payload.client_id,
          scope: typeof payload.scope === 'string' ? payload.scope : '',
          deviceSessionId: typeof payload.sid === 'string' ? payload.sid : undefined,
          expiresAt: payload.exp * 1000,
          tokenId: typeof payload.jti === 'string' ? payload.jti : '',
        };
      } catch (error) {
        if (error instanceof joseErrors.JOSEError) return null;
        throw error;
      }
    },
  };
}
