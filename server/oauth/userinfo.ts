import type { Request, Response } from 'express';
import type { AppContext } from '../context.ts';
import { AppError } from '../../shared/appError.ts';

// Who a Bearer access token belongs to (the OpenID Connect userinfo shape). The TV uses it to
// say "Signed in as …"; other services use it to check a token. A valid signature is not enough:
// the token's device session (`sid`) must still be signed in, so "Sign out" on the Account page
// stops a device's access tokens at once, not only when they expire. Tokens without a device
// session are refused: nothing could ever sign them out.

export function bearerToken(req: Request): string | null {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header) : null;
  return match?.[1] ?? null;
}

export function userinfoHandler(context: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const token = bearerToken(req);
    const claims = token ? await context.accessTokens.verify(token) : null;
    const signedIn = claims?.deviceSessionId ? await context.deviceSessions.touch(claims.accountId, claims.deviceSessionId) : false;
    const account = claims && signedIn ? await context.accounts.get(claims.accountId) : null;
    if (!claims || !account) {
      throw new AppError('invalid_token', { headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } });
    }
    const session = await context.deviceSessions.get(claims.accountId, claims.deviceSessionId!);
    const chosen = account.profiles.find((profile) => profile.id === session?.profileId);
    res.set('Cache-Control', 'no-store').json({
      sub: account.id,
      name: account.name,
      ...(account.email ? { email: account.email } : {}),
      ...(account.phone ? { phone_number: account.phone } : {}),
      // For "Who's watching?" on the TV: every profile, Kids ones marked, and this device's choice.
      profiles: account.profiles.map(({ id, name, kids }) => ({ id, name, kids })),
      ...(chosen ? { profile: { id: chosen.id, name: chosen.name, kids: chosen.kids } } : {}),
    });
  };
}
