import type { Request, Response } from 'express';
import type { ClientRegistry } from './clients.ts';
import type { OAuthClient } from '../config.ts';
import type { TokenResponse } from '../../shared/protocol.ts';
import { AppError } from '../../shared/appError.ts';
import { deviceCodeGrant, DEVICE_CODE_GRANT_TYPE, type DeviceCodeGrantDeps } from './deviceCodeGrant.ts';
import { refreshTokenGrant, type RefreshTokenGrantDeps } from './refreshTokenGrant.ts';
import { optionalParam, requiredParam, type FormBody } from './formParams.ts';

// POST /oauth/token (RFC 6749 §3.2): dispatches to the grant types we support. Errors are RFC
// 6749 §5.2 JSON from the error handler; the route sets Cache-Control/Pragma for every answer.

/** `ip`: the client's address (the network a refreshing device is seen from). */
type Grant = (body: FormBody, client: OAuthClient, ip: string | undefined) => Promise<TokenResponse>;

export type TokenEndpointDeps = { clients: ClientRegistry } & DeviceCodeGrantDeps & RefreshTokenGrantDeps;

export function tokenHandler(deps: TokenEndpointDeps) {
  const grants = new Map<string, Grant>([
    [DEVICE_CODE_GRANT_TYPE, deviceCodeGrant(deps)],
    ['refresh_token', refreshTokenGrant(deps)],
  ]);
  return async (req: Request, res: Response): Promise<void> => {
    const body = (req.body ?? {}) as FormBody;
    // Public clients identify themselves with client_id alone (RFC 6749 §2.3, RFC 8628 §3.4).
    const client = deps.clients.require(optionalParam(body, 'client_id'));
    const grant = grants.get(requiredParam(body, 'grant_type'));
    if (!grant) throw new AppError('unsupported_grant_type');
    res.json(await grant(body, client, req.ip));
  };
}

/** Tokens must never be cached (RFC 6749 §5.1), errors included. */
export function noStore(_req: Request, res: Response, next: () => void): void {
  res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
  next();
}
