import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { MAX_PASSWORD_LENGTH, type AccountStore } from '../accounts/accountStore.ts';
import type { SignInGuard } from '../security/signInGuard.ts';
import { DEFAULT_SCOPE, type ClientRegistry } from '../oauth/clients.ts';
import type { TokenIssuer } from '../tokens/tokenIssuer.ts';
import { AppError } from '../../shared/appError.ts';
import { RemoteSignInRequest } from '../contracts/httpSchemas.ts';
import { optionalField, requiredField } from '../contracts/fields.ts';

// POST /api/tv/signin: "sign in with the remote" for a TV that cannot offer Sign In from Web.
// The TV sends client_id, login (email or phone number) and password, and gets the same OAuth
// token response as a paired TV. Rate-limited per IP and login before any hashing; a wrong login
// or password is one answer (TV-200) whether or not the account exists. The fields are checked
// with the schema /openapi.json publishes (contracts/httpSchemas.ts).

const fields = RemoteSignInRequest.shape;

export interface RemoteSignInDeps {
  clients: ClientRegistry;
  accounts: Pick<AccountStore, 'authenticate'>;
  signInGuard: SignInGuard;
  tokenIssuer: TokenIssuer;
  logger: Logger;
}

export function remoteSignInRoutes(deps: RemoteSignInDeps): Router {
  const { clients, accounts, signInGuard, tokenIssuer, logger } = deps;
  const router = Router();
  router.post('/api/tv/signin', async (req: Request, res: Response) => {
    // JSON only: a page on another site can post a form here without asking, but not JSON
    // (that needs a CORS preflight we never grant), so nobody can guess passwords through
    // other people's browsers.
    if (!req.is('application/json')) throw new AppError('unsupported_media_type', { detail: 'Send the sign-in as application/json.' });
    const body = (req.body ?? {}) as Record<string, unknown>;
    const client = clients.require(body.client_id);
    const login = requiredField(fields.login, body.login);
    const password = requiredField(fields.password, body.password);
    const device = {
      name: optionalField(fields.device_name, body.device_name) ?? '',
      model: optionalField(fields.device_model, body.device_model) ?? '',
    };

    const attempt = await signInGuard.begin(req.ip, login);
    if (!attempt.allowed) throw new AppError('sign_in_rate_limited', { headers: { 'Retry-After': String(attempt.retryAfterSeconds) } });
    const account = await accounts.authenticate(login, password);
    await attempt.finish(Boolean(account));
    if (!account) throw new AppError('wrong_credentials');

    logger.info({ accountId: account.id, clientId: client.clientId }, 'tv signed in with the remote');
    // A device session with a refresh token, listed on the account's devices page.
    const tokens = await tokenIssuer.issue({
      accountId: account.id,
      clientId: client.clientId,
      scope: DEFAULT_SCOPE,
      deviceName: device.name,
      deviceModel: device.model,
      ip: req.ip,
    });
    res.set('Cache-Control', 'no-store').json(tokens);
  });
  return router;
}
