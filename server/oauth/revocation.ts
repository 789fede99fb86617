import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import type { ClientRegistry } from './clients.ts';
import type { DeviceSessions } from '../devices/deviceSessionStore.ts';
import type { AccessTokens } from '../tokens/accessTokens.ts';
import { parseRefreshToken } from '../devices/refreshTokens.ts';
import { optionalParam, requiredParam, type FormBody } from './formParams.ts';

// RFC 7009 token revocation. Revoking either token of a device signs that device out (its
// refresh token and, through `sid`, its access tokens). The answer is 200 whether or not the
// token was valid (§2.2), so it tells nobody which tokens exist.

export interface RevocationDeps {
  clients: ClientRegistry;
  deviceSessions: DeviceSessions;
  accessTokens: AccessTokens;
  logger: Logger;
}

export function revocationHandler(deps: RevocationDeps) {
  const { clients, deviceSessions, accessTokens, logger } = deps;
  return async (req: Request, res: Response): Promise<void> => {
    const body = (req.body ?? {}) as FormBody;
    const client = clients.require(optionalParam(body, 'client_id'));
    const token = requiredParam(body, 'token');
    // token_type_hint is only a hint (§2.1): we can tell the two kinds apart by their shape.
    if (parseRefreshToken(token)) {
      if (await deviceSessions.revokeByRefreshToken(token, client.clientId)) logger.info({ clientId: client.clientId }, 'device signed out by token revocation');
    } else {
      const claims = await accessTokens.verify(token);
      if (claims?.deviceSessionId && claims.clientId === client.clientId) {
        await deviceSessions.revoke(claims.accountId, claims.deviceSessionId);
      }
    }
    res.status(200).end();
  };
}
