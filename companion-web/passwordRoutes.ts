import { Router } from 'express';
import { ERRORS, type ErrorId } from '../shared/errors.ts';
import { visibleError } from './layout.ts';
import { refusedForKids, type PageContextOf } from './pageContext.ts';
import { requireSignedIn, type SignedIn } from './session.ts';
import type { Accounts, BrowserSessions, Clock, Csrf, Limits, Logger, PasswordHelp } from './ports.ts';
import { passwordPage } from './pages/password.ts';

// /password: change the password (current one required), or — right after a reset link or SMS
// code — set a new one. Not for Kids profiles. Afterwards other sessions end, devices too when
// the box is ticked, and the person lands on the Account page with a notice.

export interface PasswordRouteDeps {
  pageContext: PageContextOf;
  csrf: Csrf;
  clock: Clock;
  logger: Logger;
  limits: Pick<Limits, 'passwordChange'>;
  accounts: Pick<Accounts, 'passwordMatches'>;
  browserSessions: Pick<BrowserSessions, 'endPasswordReset'>;
  change: PasswordHelp['change'];
}

export function passwordRoutes(deps: PasswordRouteDeps): Router {
  const { pageContext, csrf, clock, logger, limits, accounts, browserSessions, change } = deps;
  const router = Router();

  const inReset = (current: SignedIn) => (current.session.passwordResetUntil ?? 0) > clock.now();

  router.get('/password', (req, res) => {
    const current = requireSignedIn(req, res);
    if (!current || refusedForKids(pageContext, req, res, current)) return;
    const reset = inReset(current);
    res.send(passwordPage(pageContext(req, res), { mode: reset ? 'reset' : 'change', signOutDevices: reset }));
  });

  router.post('/password', csrf.verify, async (req, res) => {
    const current = requireSignedIn(req, res);
    if (!current || refusedForKids(pageContext, req, res, current)) return;
    const ctx = pageContext(req, res);
    const reset = inReset(current);
    const signOutDevices = req.body.signOutDevices === '1';
    const fail = (id: ErrorId, retryAfterSeconds?: number) => {
      // A form without the current-password field means it was the reset form, opened too long ago.
      const mode = reset || typeof req.body.current === 'string' ? (reset ? 'reset' : 'change') : 'change';
      if (retryAfterSeconds) res.set('Retry-After', String(retryAfterSeconds));
      res.status(ERRORS[id].status).send(passwordPage(ctx, { mode, signOutDevices, error: visibleError(ctx, id) }));
    };
    const limit = await limits.passwordChange(current.account.id);
    if (!limit.allowed) return fail('password_change_rate_limited', limit.retryAfterSeconds);
    if (!reset) {
      if (typeof req.body.current !== 'string') return fail('reset_step_expired');
      if (!(await accounts.passwordMatches(current.account.id, req.body.current))) return fail('current_password_wrong');
    }
    const problem = await change.setNewPassword({
      account: current.account,
      newPassword: req.body.new,
      confirmation: req.body.confirm,
      keepSessionSecret: current.secret,
      signOutDevices,
      locale: ctx.locale,
    });
    if (problem) return fail(problem);
    await browserSessions.endPasswordReset(current.secret);
    logger.info({ accountId: current.account.id, reset, signOutDevices }, 'password changed');
    res.redirect(303, `/account?changed=${signOutDevices ? 'devices' : 'browsers'}`);
  });

  return router;
}
