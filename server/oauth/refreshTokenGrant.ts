import type { Logger } from 'pino';
import type { DeviceSessions } from '../devices/deviceSessionStore.ts';
import type { TokenIssuer } from '../tokens/tokenIssuer.ts';
import type { OAuthClient } from '../config.ts';
import type { TokenResponse } from '../../shared/protocol.ts';
import { AppError } from '../../shared/appError.ts';
import { parseRefreshToken } from '../devices/refreshTokens.ts';
import { optionalParam, requiredParam, type FormBody } from './formParams.ts';

// RFC 6749 §6: a signed-in device trades its refresh token for new tokens. The refresh token is
// rotated on every use; presenting one that was already rotated signs the device out entirely
// (a copy is in someone else's hands). A narrower `scope` may be asked for, never a wider one.

export interface RefreshTokenGrantDeps {
  deviceSessions: DeviceSessions;
  tokenIssuer: TokenIssuer;
  logger: Logger;
}

export function refreshTokenGrant(deps: RefreshTokenGrantDeps) {
  const { deviceSessions, tokenIssuer, logger } = deps;
  return async (body: FormBody, client: OAuthClient, ip?: string): Promise<TokenResponse> => {
    const refreshToken = requiredParam(body, 'refresh_token');
    const requestedScope = optionalParam(body, 'scope');
    const parts = parseRefreshToken(refreshToken);
    // The scope is checked before rotating (a session's scope never changes), so a refused
    // scope does not cost the device its refresh token.
    const current = parts ? await deviceSessions.get(parts.accountId, parts.deviceSessionId) : null;
    if (!current) throw new AppError('refresh_token_invalid');
    const scope = requestedScope === undefined ? current.scope : narrowedScope(current.scope, requestedScope);

    const result = await deviceSessions.rotate(refreshToken, client.clientId, ip);
    if (result.outcome === 'reused') {
      logger.warn({ accountId: parts?.accountId, deviceSessionId: parts?.deviceSessionId }, 'rotated refresh token used again: device signed out');
      throw new AppError('refresh_token_reused');
    }
    if (result.outcome !== 'rotated') throw new AppError('refresh_token_invalid');
    return tokenIssuer.responseFor({ ...result.session, scope }, result.refreshToken);
  };
}

function narrowedScope(granted: string, requested: string): string {
  const allowed = new Set(granted.split(' '));
  const asked = requested.split(' ').filter(Boolean);
  if (!asked.length || asked.some((scope) => !allowed.has(scope))) throw new AppError('invalid_scope');
  return asked.join(' ');
}
