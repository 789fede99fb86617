import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../server/context.ts';
import type { Account } from '../server/accounts/accountStore.ts';
import { AppError } from '../server/http/appError.ts';
import { clearCookie, readCookie, setCookie } from '../server/http/cookies.ts';
import { RATE_LIMITS } from '../server/http/rateLimiter.ts';
import { consumeSignInAttempt } from '../server/accounts/signInLimits.ts';
import { WEB_SESSION_LIFETIME_SECONDS } from '../server/accounts/webSessions.ts';
import { formatUserCode, normalizeUserCode } from '../shared/userCode.ts';
import { visibleError } from './layout.ts';
import { codeProblem } from './codeProblem.ts';
import { pageContextFor, wrap } from './requestHelpers.ts';
import { codeEntryPage } from './pages/codeEntry.ts';
import { signInPage } from './pages/signIn.ts';
import { confirmPage } from './pages/confirm.ts';
import { deniedPage, donePage } from './pages/done.ts';
import { homePage } from './pages/home.ts';
import { helpIndexPage, helpPage } from './pages/help.ts';
import { errorByCode } from '../shared/errors.ts';

// The companion site: /tv8 (enter the TV's code), sign-in, confirm (Start Watching), and the
// pages around them. Plain forms, so the core path works without JavaScript.

/** How long the "your TV is signed in" page waits for the TV's receipt before saying it went away. */
const RECEIPT_WAIT_MS = 30_000;

export function companionRoutes(context: AppContext): Router {
  const { pairings, accounts, webSessions, rateLimiter, csrf, cookies, secure, clock } = context;
  const router = Router();

  /** Loads the signed-in account (if any) for every page. */
  router.use((req, res, next) => {
    webSessions
      .find(readCookie(req, cookies.session))
      .then(async (session) => {
        res.locals.account = session ? await accounts.get(session.accountId) : null;
        next();
      })
      .catch(next);
  });

  const page = pageContextFor(context);

  /** Paths we may send someone back to after sign-in: our own, never another site. */
  function safeNext(value: unknown): string {
    return typeof value === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(value) && value.length < 512 ? value : '/';
  }

  function requireAccount(req: Request, res: Response): Account | null {
    const account = res.locals.account as Account | null;
    if (!account) res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
    return account;
  }

  router.get('/', (req, res) => {
    const ctx = page(req, res);
    res.send(homePage(ctx, { notice: req.query.cleared === '1' ? ctx.t('clearCookies.body') : undefined }));
  });

  router.get('/tv8', (req, res) => {
    const code = normalizeUserCode(req.query.code);
    res.send(codeEntryPage(page(req, res), { code: code ? formatUserCode(code) : undefined }));
  });

  router.post(
    '/tv8',
    csrf.verify,
    wrap(async (req, res) => {
      const ctx = page(req, res);
      const typed = typeof req.body.code === 'string' ? req.body.code.slice(0, 20) : '';
      const account = res.locals.account as Account | null;
      const limits = await Promise.all([
        rateLimiter.consume(RATE_LIMITS.codeEntryPerIp, req.ip ?? 'unknown'),
        account ? rateLimiter.consume(RATE_LIMITS.codeEntryPerAccount, account.id) : Promise.resolve({ allowed: true, retryAfterSeconds: 0 }),
      ]);
      const blocked = limits.find((limit) => !limit.allowed);
      if (blocked) {
        res.status(429).set('Retry-After', String(blocked.retryAfterSeconds));
        res.send(codeEntryPage(ctx, { code: typed, error: visibleError(ctx, 'too_many_attempts') }));
        return;
      }
      const code = normalizeUserCode(typed);
      const pairing = code ? await pairings.scan(code) : null;
      if (!code || !pairing || (pairing.state !== 'pending' && pairing.state !== 'scanned')) {
        const problem = codeProblem(pairing, account?.id ?? null);
        res.status(400).send(codeEntryPage(ctx, { code: typed, error: visibleError(ctx, problem) }));
        return;
      }
      res.redirect(303, `/tv8/confirm?code=${code}`);
    }),
  );

  router.get(
    '/tv8/confirm',
    wrap(async (req, res) => {
      const account = requireAccount(req, res);
      if (!account) return;
      const ctx = page(req, res);
      const code = normalizeUserCode(req.query.code);
      const found = code ? await pairings.read(code) : null;
      const pairing = found && (found.state === 'pending' || found.state === 'scanned') ? found : null;
      if (!pairing) {
        res.status(400).send(codeEntryPage(ctx, { error: visibleError(ctx, codeProblem(found, account.id)) }));
        return;
      }
      res.send(confirmPage(ctx, { pairing, differentNetwork: Boolean(pairing.requestIp && pairing.requestIp !== req.ip) }));
    }),
  );

  router.post(
    '/tv8/confirm',
    csrf.verify,
    wrap(async (req, res) => {
      const account = requireAccount(req, res);
      if (!account) return;
      const ctx = page(req, res);
      const code = normalizeUserCode(req.body.code);
      const decision = req.body.decision === 'approve' ? 'approved' : req.body.decision === 'deny' ? 'denied' : null;
      if (!code || !decision) throw new AppError('invalid_request', { detail: 'Choose Start Watching or refuse the sign-in.' });
      const result = await pairings.decide(code, decision, account.id);
      if (!result.ok) {
        res.status(400).send(codeEntryPage(ctx, { error: visibleError(ctx, codeProblem(result.pairing, account.id)) }));
        return;
      }
      if (decision === 'denied') {
        res.send(deniedPage(ctx));
        return;
      }
      context.logger.info({ userCode: code, accountId: account.id }, 'tv sign-in approved');
      res.redirect(303, `/tv8/done?code=${code}`);
    }),
  );

  /** The approved pairing of this account, or null: nobody else may watch its progress. */
  async function ownApprovedPairing(account: Account, codeInput: unknown) {
    const code = normalizeUserCode(codeInput);
    const pairing = code ? await pairings.read(code) : null;
    const approved = pairing?.state === 'approved' || pairing?.state === 'claimed' || Boolean(pairing?.tvLeftAt);
    return pairing && pairing.accountId === account.id && approved ? pairing : null;
  }

  router.get(
    '/tv8/done',
    wrap(async (req, res) => {
      const account = requireAccount(req, res);
      if (!account) return;
      const ctx = page(req, res);
      const pairing = await ownApprovedPairing(account, req.query.code);
      if (!pairing) throw new AppError('code_not_found');
      const gaveUp = !pairing.receivedAt && clock.now() - (pairing.decidedAt ?? 0) > RECEIPT_WAIT_MS;
      res.send(donePage(ctx, { userCode: pairing.userCode, received: Boolean(pairing.receivedAt), gaveUp, tvLeft: Boolean(pairing.tvLeftAt) }));
    }),
  );

  router.get(
    '/tv8/status',
    wrap(async (req, res) => {
      const account = res.locals.account as Account | null;
      if (!account) throw new AppError('sign_in_required');
      const pairing = await ownApprovedPairing(account, req.query.code);
      if (!pairing) throw new AppError('code_not_found');
      res.set('Cache-Control', 'no-store').json({ state: pairing.state, received: Boolean(pairing.receivedAt), tvLeft: Boolean(pairing.tvLeftAt) });
    }),
  );

  router.get('/help', (req, res) => {
    res.send(helpIndexPage(page(req, res)));
  });

  /** Help for one error code; codes are matched exactly as shown (TV-100), any case. */
  router.get('/help/:code', (req, res) => {
    const error = errorByCode(String(req.params.code).toUpperCase().slice(0, 10));
    if (!error) throw new AppError('not_found');
    res.send(helpPage(page(req, res), error.id));
  });

  router.get('/login', (req, res) => {
    const ctx = page(req, res);
    if (ctx.account) {
      res.redirect(303, safeNext(req.query.next));
      return;
    }
    res.send(signInPage(ctx, { next: safeNext(req.query.next) }));
  });

  router.post(
    '/login',
    csrf.verify,
    wrap(async (req, res) => {
      const ctx = page(req, res);
      const next = safeNext(req.body.next);
      const login = typeof req.body.login === 'string' ? req.body.login.slice(0, 254) : '';
      const password = typeof req.body.password === 'string' ? req.body.password : '';
      const limit = await consumeSignInAttempt(rateLimiter, req.ip, login);
      if (!limit.allowed) {
        res.status(429).set('Retry-After', String(limit.retryAfterSeconds));
        res.send(signInPage(ctx, { next, login, error: visibleError(ctx, 'sign_in_rate_limited') }));
        return;
      }
      const account = await accounts.authenticate(login, password);
      if (!account) {
        res.status(401).send(signInPage(ctx, { next, login, error: visibleError(ctx, 'wrong_credentials') }));
        return;
      }
      // A fresh session id on every sign-in (no session fixation); the old one ends.
      await webSessions.end(readCookie(req, cookies.session));
      const secret = await webSessions.start(account.id);
      setCookie(res, cookies.session, secret, { secure, maxAgeSeconds: WEB_SESSION_LIFETIME_SECONDS });
      res.redirect(303, next);
    }),
  );

  router.post(
    '/logout',
    csrf.verify,
    wrap(async (req, res) => {
      await webSessions.end(readCookie(req, cookies.session));
      clearCookie(res, cookies.session, secure);
      res.redirect(303, '/');
    }),
  );

  /** Signs out and clears every cookie of this site, then returns to the start page. */
  router.get(
    '/clearcookies',
    wrap(async (req, res) => {
      await webSessions.end(readCookie(req, cookies.session));
      for (const name of Object.values(cookies)) clearCookie(res, name, secure);
      for (const part of (req.headers.cookie ?? '').split(';')) {
        const name = part.split('=')[0]?.trim();
        if (name && /^[\w.-]+$/.test(name)) clearCookie(res, name, secure);
      }
      res.set('Clear-Site-Data', '"cookies"').redirect(303, '/?cleared=1');
    }),
  );

  return router;
}
