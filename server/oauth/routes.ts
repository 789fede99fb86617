import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Config } from '../config.ts';
import type { SigningKeys } from '../tokens/signingKeys.ts';
import { AppError } from '../../shared/appError.ts';
import { deviceAuthorizationHandler, type DeviceAuthorizationDeps } from './deviceAuthorization.ts';
import { userinfoHandler, type UserinfoDeps } from './userinfo.ts';
import { noStore, tokenHandler, type TokenEndpointDeps } from './tokenEndpoint.ts';
import { revocationHandler, type RevocationDeps } from './revocation.ts';
import { authorizationServerMetadata } from './metadata.ts';

// The OAuth surface: device authorization and polling (RFC 8628), tokens and refresh (RFC 6749),
// revocation (RFC 7009), metadata (RFC 8414), published keys (RFC 7517), userinfo. Handlers are
// async: Express 5 passes a rejected promise to the error handler itself.

/** What the OAuth endpoints use between them; each handler takes its own part. */
export type OAuthDeps = DeviceAuthorizationDeps & TokenEndpointDeps & RevocationDeps & UserinfoDeps & {
  config: Pick<Config, 'publicUrl'>;
  signingKeys: Pick<SigningKeys, 'jwks'>;
};

export function oauthRoutes(deps: OAuthDeps): Router {
  const router = Router();
  router.post('/oauth/device_authorization', requireForm, deviceAuthorizationHandler(deps));
  router.post('/oauth/token', noStore, requireForm, tokenHandler(deps));
  router.post('/oauth/revocation', noStore, requireForm, revocationHandler(deps));
  router.get('/oauth/userinfo', userinfoHandler(deps));
  const metadata = authorizationServerMetadata(deps.config);
  router.get('/.well-known/oauth-authorization-server', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(metadata);
  });
  router.get('/.well-known/jwks.json', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(deps.signingKeys.jwks);
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
