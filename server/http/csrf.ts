import type { NextFunction, Request, Response } from 'express';
import { hmacBase64Url, newSecret, safeEqual } from '../crypto.ts';
import { readCookie, setCookie } from './cookies.ts';
import { AppError } from '../../shared/appError.ts';

// CSRF protection for every form: a random per-browser cookie, and in each form a token that is
// an HMAC of that cookie under the app secret. A forged cross-site form cannot read the cookie,
// so it cannot produce the token. On top, a POST whose Origin is another site is refused.

export interface Csrf {
  /** Ensures the browser has a CSRF cookie; returns the token to put in forms. */
  tokenFor(req: Request, res: Response): string;
  /** Middleware for POST routes. */
  verify: (req: Request, res: Response, next: NextFunction) => void;
}

export function createCsrf(options: { secret: string; cookieName: string; secure: boolean; publicOrigin: string }): Csrf {
  const { secret, cookieName, secure, publicOrigin } = options;
  const tokenOf = (cookie: string) => hmacBase64Url(secret, `csrf:${cookie}`);

  return {
    tokenFor(req, res) {
      let cookie = readCookie(req, cookieName);
      if (!cookie || cookie.length !== 43) {
        cookie = newSecret(32);
        setCookie(res, cookieName, cookie, { secure });
        // Later reads in this same request see the new cookie.
        req.headers.cookie = `${req.headers.cookie ? `${req.headers.cookie}; ` : ''}${cookieName}=${cookie}`;
      }
      return tokenOf(cookie);
    },

    verify(req, _res, next) {
      const origin = req.headers.origin;
      if (origin && origin !== 'null' && origin !== publicOrigin) {
        next(new AppError('form_expired', { detail: 'This form was sent from another site.' }));
        return;
      }
      const cookie = readCookie(req, cookieName);
      const sent = typeof req.body?._csrf === 'string' ? req.body._csrf : '';
      if (!cookie || !sent || !safeEqual(sent, tokenOf(cookie))) {
        next(new AppError('form_expired'));
        return;
      }
      next();
    },
  };
}
