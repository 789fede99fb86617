import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../context.ts';
import { AppError } from '../../shared/appError.ts';
import { bearerToken } from '../oauth/userinfo.ts';

// POST /api/tv/profile: "Who's watching?" on a signed-in TV. The TV sends its access token and
// the chosen profile's id; the profile must be one of the token's account, and the choice is kept
// in the TV's device session (so it travels with the session: userinfo says it, a sign-out ends it).

type ProfileContext = Pick<AppContext, 'accessTokens' | 'accounts' | 'deviceSessions'>;

export function chooseProfileRoutes(context: ProfileContext): Router {
  const router = Router();
  router.post('/api/tv/profile', async (req: Request, res: Response) => {
    const token = bearerToken(req);
    const claims = token ? await context.accessTokens.verify(token) : null;
    if (!claims?.deviceSessionId) throw new AppError('invalid_token', { headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } });
    const profileId = (req.body as Record<string, unknown> | undefined)?.profile_id;
    const account = await context.accounts.get(claims.accountId);
    const profile = account?.profiles.find((candidate) => candidate.id === profileId);
    if (!profile) throw new AppError('invalid_request', { detail: 'profile_id must be one of the account\'s profiles.' });
    const chosen = await context.deviceSessions.chooseProfile(claims.accountId, claims.deviceSessionId, profile.id);
    if (!chosen) throw new AppError('invalid_token', { headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } });
    res.set('Cache-Control', 'no-store').json({ profile: { id: profile.id, name: profile.name, kids: profile.kids } });
  });
  return router;
}
