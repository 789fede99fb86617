import { Router, type NextFunction, type Request, type Response } from 'express';
import type { AppContext } from '../context.ts';
import { AppError } from '../../shared/appError.ts';
import { deviceAuthorizationHandler } from './deviceAuthorization.ts';
import { userinfoHandler } from './userinfo.ts';
import { noStore, tokenHandler } from './tokenEndpoint.ts';
import { revocationHandler } from './revocation.ts';
import { authorizationServerMetadata } from './metadata.ts';

// The OAuth surface: device authorization and polling (RFC 8628), tokens and refresh (RFC 6749),
// revocation (RFC 7009), metadata (RFC 8414), published keys (RFC 7517), userinfo. Handlers are
// async: Express 5 passes a rejected promise to the error handler itself.

export function oauthRoutes(context: AppContext): Router {
  const router = Router();
  router.post('/oauth/device_authorization', requireForm, deviceAuthorizationHandler(context));
  router.post('/oauth/token', noStore, requireForm, tokenHandler(context));
  router.post('/oauth/revocation', noStore, requireForm, revocationHandler(context));
  router.get('/oauth/userinfo', userinfoHandler(context));
  const metadata = authorizationServerMetadata(context.config);
  router.get('/.well-known/oauth-authorization-server', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(metadata);
  });
  router.get('/.well-known/jwks.json', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(context.signingKeys.jwks);
  });
  return router;
}

/** RFC 8628 §3.1 requests are application/x-www-form-urlencoded. */
export function requireForm(req: Request, _res: Response, next: NextFunction): void {
  if (!req.is('application/x-www-form-urlencoded')) {
    next(new AppError('invalid_request', { detail: 'Send the request as application/x-www-form-urlencoded (RFC 8628 §3.1).' }));
    return;
  }
  next();
}
