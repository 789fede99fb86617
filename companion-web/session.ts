import type { NextFunction, Request, Response } from 'express';
import type { Account, Accounts, BrowserSession, BrowserSessions, Cookies, Profile } from './ports.ts';

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
  /** Replaces this browser's session with a new one for the account (no session fixation). */
  start(req: Request, res: Response, accountId: string, options?: { passwordResetUntil?: number }): Promise<void>;
  /** Ends this browser's session in the store (the caller clears cookies as it needs). */
  end(req: Request): Promise<void>;
}

export function browserSignIn(deps: { browserSessions: BrowserSessions; accounts: Pick<Accounts, 'get'>; cookies: Cookies }): BrowserSignIn {
  const { browserSessions, accounts, cookies } = deps;
  const secretOf = (req: Request) => cookies.read(req, cookies.names.session);

  async function current(req: Request): Promise<SignedIn | null> {
    const secret = secretOf(req);
    const session = await browserSessions.find(secret);
    const account = session ? await accounts.get(session.accountId) : null;
    if (!secret || !session || !account) return null;
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
      cookies.set(res, cookies.names.session, secret, browserSessions.lifetimeSeconds);
    },
    end: (req) => browserSessions.end(secretOf(req)),
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
