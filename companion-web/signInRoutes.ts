import { Router } from 'express';
import { visibleError } from './layout.ts';
import type { PageContextOf } from './pageContext.ts';
import { formText, refusedByLimit } from './forms.ts';
import type { BrowserSignIn } from './session.ts';
import type { Accounts, Cookies, Csrf, Limits } from './ports.ts';
import { signInPage } from './pages/signIn.ts';
import { requestLocale } from './locale.ts';

// Signing this browser in and out: /login, /logout, and /clearcookies (signs out and clears every
// cookie of this site, for a browser stuck on an old or broken cookie).

export interface SignInRouteDeps {
  pageContext: PageContextOf;
  csrf: Csrf;
  cookies: Cookies;
  accounts: Pick<Accounts, 'authenticate'>;
  limits: Pick<Limits, 'signIn'>;
  signIn: BrowserSignIn;
}

/** Paths we may send someone back to after sign-in: our own, never another site. */
function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(value) && value.length < 512 ? value : '/';
}

export function signInRoutes(deps: SignInRouteDeps): Router {
  const { pageContext, csrf, cookies, accounts, limits, signIn } = deps;
  const router = Router();

  router.get('/login', (req, res) => {
    const ctx = pageContext(req, res);
    if (ctx.account) {
      res.redirect(303, safeNext(req.query.next));
      return;
    }
    res.send(signInPage(ctx, { next: safeNext(req.query.next) }));
  });

  router.post('/login', csrf.verify, async (req, res) => {
    const ctx = pageContext(req, res);
    const next = safeNext(req.body.next);
    const login = formText(req.body.login, 254);
    const password = typeof req.body.password === 'string' ? req.body.password : '';
    if (refusedByLimit(res, await limits.signIn(req.ip, login))) {
      res.send(signInPage(ctx, { next, login, error: visibleError(ctx, 'sign_in_rate_limited') }));
      return;
    }
    const account = await accounts.authenticate(login, password);
    if (!account) {
      res.status(401).send(signInPage(ctx, { next, login, error: visibleError(ctx, 'wrong_credentials') }));
      return;
    }
    await signIn.start(req, res, account.id);
    res.redirect(303, next);
  });

  router.post('/logout', csrf.verify, async (req, res) => {
    await signIn.end(req);
    cookies.clear(res, cookies.names.session);
    res.redirect(303, '/');
  });

  router.get('/clearcookies', async (req, res) => {
    // Decided before the language cookie goes, and carried in the address so the answer is in it.
    const locale = requestLocale(req, cookies);
    await signIn.end(req);
    for (const name of Object.values(cookies.names)) cookies.clear(res, name);
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const name = part.split('=')[0]?.trim();
      if (name && /^[\w.-]+$/.test(name)) cookies.clear(res, name);
    }
    res.set('Clear-Site-Data', '"cookies"').redirect(303, `/?cleared=1&lang=${locale}`);
  });

  return router;
}
