import type { Request, Response } from 'express';
import { errorMessage, translator } from '../shared/i18n/index.ts';
import { ERRORS, type ErrorId } from '../shared/errors.ts';
import { rememberChosenLocale, requestLocale } from './locale.ts';
import { visibleError, type PageContext } from './layout.ts';
import { errorPage } from './pages/errorPage.ts';
import { signedIn, type SignedIn } from './session.ts';
import type { Clock, Cookies, Csrf } from './ports.ts';

// A page's own context (PageContext: language, CSRF token, signed-in account, address), made per
// request; and the two ways a route answers with an error page.

export type PageContextOf = (req: Request, res: Response) => PageContext;

export function pageContextFor(deps: { cookies: Cookies; csrf: Csrf; clock: Clock; supportUrl?: string | undefined }): PageContextOf {
  const { cookies, csrf, clock } = deps;
  const supportHref = deps.supportUrl ?? '/support';
  return (req, res) => {
    const locale = requestLocale(req, cookies);
    rememberChosenLocale(req, res, cookies);
    res.set('Content-Language', locale).set('Cache-Control', 'no-store').vary('Accept-Language').vary('Cookie');
    const currentUrl = req.method === 'GET' ? req.originalUrl : req.path;
    return { t: translator(locale), locale, csrfToken: csrf.tokenFor(req, res), account: signedIn(res)?.account ?? null, currentUrl, now: clock.now(), supportHref };
  };
}

/** Answers with the error page for `id`, with its status. */
export function sendErrorPage(res: Response, ctx: PageContext, id: ErrorId): void {
  res.status(ERRORS[id].status).send(errorPage(ctx, visibleError(ctx, id)));
}

/** Kids profiles may not manage the account (password, phone): a coded 403 page instead. True if refused. */
export function refusedForKids(pageContext: PageContextOf, req: Request, res: Response, current: SignedIn): boolean {
  if (!current.profile.kids) return false;
  sendErrorPage(res, pageContext(req, res), 'kids_profile_not_allowed');
  return true;
}

/** The error page for anything thrown (used by the app's error handler): plain, signed-out shell. */
export function companionErrorPage(deps: { cookies: Cookies; clock: Clock; supportUrl?: string | undefined }) {
  return (req: Request, error: { id: ErrorId; code: string }): string => {
    const locale = requestLocale(req, deps.cookies);
    const ctx: PageContext = { t: translator(locale), locale, csrfToken: '', account: null, currentUrl: req.method === 'GET' ? req.originalUrl : '/', now: deps.clock.now(), supportHref: deps.supportUrl ?? '/support' };
    return errorPage(ctx, { code: error.code, message: errorMessage(locale, error.id) });
  };
}
