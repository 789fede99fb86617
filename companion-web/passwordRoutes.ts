import { Router } from 'express';
import type { AppContext } from '../server/context.ts';
import type { ErrorId } from '../shared/errors.ts';
import { ERRORS } from '../shared/errors.ts';
import { HELP_LIMITS, firstBlocked } from '../server/passwordHelp/helpRateLimits.ts';
import { visibleError } from './layout.ts';
import { pageContextFor, refusedForKids, requireSignedIn, wrap, type SignedIn } from './requestHelpers.ts';
import { passwordPage } from './pages/password.ts';

// /password: change the password (current one required), or — right after a reset link or SMS
// code — set a new one. Not for Kids profiles. Afterwards other sessions end, devices too when
// the box is ticked, and the person lands on the Account page with a notice.

export function passwordRoutes(context: AppContext): Router {
  const { csrf, clock, rateLimiter, passwordHelp, accounts } = context;
  const page = pageContextFor(context);
  const router = Router();

  const inReset = (current: SignedIn) => (current.session.passwordResetUntil ?? 0) > clock.now();

  router.get(
    '/password',
    wrap(async (req, res) => {
      const current = await requireSignedIn(context, req, res);
      if (!current || refusedForKids(page, req, res, current)) return;
      const reset = inReset(current);
      res.send(passwordPage(page(req, res), { mode: reset ? 'reset' : 'change', signOutDevices: reset }));
    }),
  );

  router.post(
    '/password',
    csrf.verify,
    wrap(async (req, res) => {
      const current = await requireSignedIn(context, req, res);
      if (!current || refusedForKids(page, req, res, current)) return;
      const ctx = page(req, res);
      const reset = inReset(current);
      const signOutDevices = req.body.signOutDevices === '1';
      const fail = (id: ErrorId, retryAfterSeconds?: number) => {
        // A form without the current-password field means it was the reset form, opened too long ago.
        const mode = reset || typeof req.body.current === 'string' ? (reset ? 'reset' : 'change') : 'change';
        if (retryAfterSeconds) res.set('Retry-After', String(retryAfterSeconds));
        res.status(ERRORS[id].status).send(passwordPage(ctx, { mode, signOutDevices, error: visibleError(ctx, id) }));
      };
      const blocked = await firstBlocked(rateLimiter, [[HELP_LIMITS.passwordChangePerAccount, current.account.id]]);
      if (blocked) return fail('password_change_rate_limited', blocked);
      if (!reset) {
        if (typeof req.body.current !== 'string') return fail('reset_step_expired');
        if (!(await accounts.passwordMatches(current.account.id, req.body.current))) return fail('current_password_wrong');
      }
      const problem = await passwordHelp.change.setNewPassword({
        account: current.account,
        newPassword: req.body.new,
        confirmation: req.body.confirm,
        keepSessionSecret: current.secret,
        signOutDevices,
        locale: ctx.locale,
      });
      if (problem) return fail(problem);
      await context.webSessions.endPasswordReset(current.secret);
      context.logger.info({ accountId: current.account.id, reset, signOutDevices }, 'password changed');
      res.redirect(303, `/account?changed=${signOutDevices ? 'devices' : 'browsers'}`);
    }),
  );

  return router;
}
