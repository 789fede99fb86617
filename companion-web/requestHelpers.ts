import type { NextFunction, Request, Response } from 'express';
import type { AppContext } from '../server/context.ts';
import type { Account } from '../server/accounts/accountStore.ts';
import type { WebSession } from '../server/accounts/webSessions.ts';
import { defaultProfile, type Profile } from '../server/accounts/profiles.ts';
import { readCookie, setCookie } from '../server/http/cookies.ts';
import { WEB_SESSION_LIFETIME_SECONDS } from '../server/accounts/webSessions.ts';
import { translator } from '../shared/i18n/index.ts';
import { rememberChosenLocale, requestLocale } from './locale.ts';
import { visibleError, type PageContext } from './layout.ts';
import { errorPage } from './pages/errorPage.ts';
import { ERRORS } from '../shared/errors.ts';

// What every companion router needs: async handlers, the page context (language, CSRF token,
// signed-in account) and the browser's session with its profile.

export type Handler = (req: Request, res: Response) => Promise<void>;
export const wrap = (handler: Handler) => (req: Request, res: Response, next: NextFunction) => handler(req, res).catch(next);

export function pageContextFor(context: AppContext) {
  const { cookies, secure, csrf } = context;
  return (req: Request, res: Response): PageContext => {
    const locale = requestLocale(req, cookies.locale);
    rememberChosenLocale(req, res, cookies.locale, secure);
    res.set('Content-Language', locale).set('Cache-Control', 'no-store').vary('Accept-Language').vary('Cookie');
    const currentUrl = req.method === 'GET' ? req.originalUrl : req.path;
    return { t: translator(locale), locale, csrfToken: csrf.tokenFor(req, res), account: (res.locals.account as Account | null) ?? null, currentUrl };
  };
}

export interface SignedIn {
  secret: string;
  session: WebSession;
  account: Account;
  profile: Profile;
}

/** The signed-in browser (session, account and current profile), or null. Also sets res.locals.account. */
export async function signedIn(context: AppContext, req: Request, res: Response): Promise<SignedIn | null> {
  const secret = readCookie(req, context.cookies.session);
  const session = await context.webSessions.find(secret);
  const account = session ? await context.accounts.get(session.accountId) : null;
  res.locals.account = account;
  if (!secret || !session || !account) return null;
  const profile = account.profiles.find((p) => p.id === session.profileId) ?? defaultProfile(account.profiles);
  return { secret, session, account, profile };
}

/** Like signedIn, but sends the browser to sign in (and back here) when nobody is. */
export async function requireSignedIn(context: AppContext, req: Request, res: Response): Promise<SignedIn | null> {
  const current = await signedIn(context, req, res);
  if (!current) res.redirect(303, `/login?next=${encodeURIComponent(req.method === 'GET' ? req.originalUrl : req.path)}`);
  return current;
}

/**
 * Replaces this browser's session with a new one for the account (no session fixation), and its
 * CSRF cookie with a new one (a token known from before the sign-in is worthless after it).
 */
export async function startSession(context: AppContext, req: Request, res: Response, accountId: string, options: { passwordResetUntil?: number } = {}): Promise<string> {
  await context.webSessions.end(readCookie(req, context.cookies.session));
  const secret = await context.webSessions.start(accountId, options);
  setCookie(res, context.cookies.session, secret, { secure: context.secure, maxAgeSeconds: WEB_SESSION_LIFETIME_SECONDS });
  context.csrf.rotate(req, res);
  return secret;
}

/** Kids profiles may not manage the account (password, phone): a coded 403 page instead. True if refused. */
export function refusedForKids(page: (req: Request, res: Response) => PageContext, req: Request, res: Response, current: SignedIn): boolean {
  if (!current.profile.kids) return false;
  const ctx = page(req, res);
  res.status(ERRORS.kids_profile_not_allowed.status).send(errorPage(ctx, visibleError(ctx, 'kids_profile_not_allowed')));
  return true;
}
