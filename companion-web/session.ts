import type { NextFunction, Request, Response } from 'express';
import type { Account, Accounts, BrowserSession, BrowserSessions, Cookies, Csrf, Profile } from './ports.ts';

// Who is signed in on this browser. Read once per request by `load` (every page shows it), started
// on sign-in or a redeemed reset, ended on sign-out. Route handlers ask `signedIn(res)`.

export interface SignedIn {
  secret: string;
  session: BrowserSession;
  account: Account;
  /** The profile chosen in this browser, else the account's first regular profile. */
  profile: Profile;
}

export interface BrowserSignIn {
  /** Middleware: loads the signed-in browser (or null) for the handlers after it. */
  load(req: Request, res: Response, next: NextFunction): void;
  /**
   * Replaces this browser's session with a new one for the account (no session fixation), and its
   * CSRF cookie with a new one (a token seen or planted before the sign-in is worthless after it).
   */
  start(req: Request, res: Response, accountId: string, options?: { passwordResetUntil?: number }): Promise<void>;
  /** Ends this browser's session in the store (the caller clears cookies as it needs). */
  end(req: Request): Promise<void>;
  /** The account the session cookie names, unverified (a hint for reading ahead; null: none). */
  accountHint(req: Request): string | null;
}

export function browserSignIn(deps: { browserSessions: BrowserSessions; accounts: Pick<Accounts, 'get'>; cookies: Cookies; csrf: Pick<Csrf, 'rotate'> }): BrowserSignIn {
  const { browserSessions, accounts, cookies, csrf } = deps;
  // The cookie is "<account id>.<secret>" (older ones: the secret alone). The account id lets the
  // session and its account be read at once, in one round trip, instead of one after the other
  // (issue 11: every page and Start Watching waited for both). It is only a hint: the session
  // (found by the secret's hash) must name the same account, else nobody is signed in.
  const cookieOf = (req: Request) => {
    const value = cookies.read(req, cookies.names.session);
    const dot = value ? value.lastIndexOf('.') : -1;
    return dot > 0 ? { secret: value!.slice(dot + 1), accountId: value!.slice(0, dot) } : { secret: value, accountId: undefined };
  };
  const secretOf = (req: Request) => cookieOf(req).secret;

  async function current(req: Request): Promise<SignedIn | null> {
    const { secret, accountId } = cookieOf(req);
    if (!secret) return null;
    const [session, hinted] = await Promise.all([browserSessions.find(secret), accountId ? accounts.get(accountId) : null]);
    const account = !session ? null : hinted && hinted.id === session.accountId ? hinted : await accounts.get(session.accountId);
    if (!session || !account) return null;
    const profile = account.profiles.find((p) => p.id === session.profileId) ?? account.profiles.find((p) => !p.kids) ?? account.profiles[0]!;
    return { secret, session, account, profile };
  }

  return {
    load(req, res, next) {
      current(req)
        .then((signedIn) => {
          res.locals.signedIn = signedIn;
          next();
        })
        .catch(next);
    },
    async start(req, res, accountId, options = {}) {
      await browserSessions.end(secretOf(req));
      const secret = await browserSessions.start(accountId, options);
      cookies.set(res, cookies.names.session, `${accountId}.${secret}`, browserSessions.lifetimeSeconds);
      csrf.rotate(req, res);
    },
    end: (req) => browserSessions.end(secretOf(req)),
    accountHint: (req) => cookieOf(req).accountId ?? null,
  };
}

/** The signed-in browser that `load` found for this request, or null. */
export function signedIn(res: Response): SignedIn | null {
  return (res.locals.signedIn as SignedIn | null | undefined) ?? null;
}

/** Like signedIn, but sends the browser to sign in (and back to `returnTo`) when nobody is. */
export function requireSignedIn(req: Request, res: Response, returnTo = req.method === 'GET' ? req.originalUrl : req.path): SignedIn | null {
  const current = signedIn(res);
  if (!current) res.redirect(303, `/login?next=${encodeURIComponent(returnTo)}`);
  return current;
}
