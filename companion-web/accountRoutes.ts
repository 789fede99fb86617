import { Router } from 'express';
import type { AppContext } from '../server/context.ts';
import { AccountError } from '../server/accounts/accountStore.ts';
import { ERRORS } from '../shared/errors.ts';
import { HELP_LIMITS, firstBlocked } from '../server/passwordHelp/helpRateLimits.ts';
import { visibleError } from './layout.ts';
import { pageContextFor, refusedForKids, requireSignedIn, wrap } from './requestHelpers.ts';
import { accountPage } from './pages/account.ts';
import { deviceRowsFor } from './deviceRoutes.ts';
import { phonePage } from './pages/phone.ts';
import { profilesPage } from './pages/profiles.ts';
import { errorPage } from './pages/errorPage.ts';

// The Account page, adding or changing the phone number, and choosing the profile in use.

export function accountRoutes(context: AppContext): Router {
  const { csrf, accounts, webSessions, rateLimiter } = context;
  const page = pageContextFor(context);
  const router = Router();

  router.get(
    '/account',
    wrap(async (req, res) => {
      const current = await requireSignedIn(context, req, res);
      if (!current) return;
      const ctx = page(req, res);
      const notices: Record<string, string> = {
        browsers: ctx.t('password.changed'),
        devices: ctx.t('password.changedDevices'),
        phone: ctx.t('phone.saved'),
      };
      const notice = typeof req.query.changed === 'string' ? notices[req.query.changed] : undefined;
      const devices = await deviceRowsFor(context, current.account.id);
      res.send(accountPage(ctx, { account: current.account, profile: current.profile, devices, notice }));
    }),
  );

  router.get(
    '/account/phone',
    wrap(async (req, res) => {
      const current = await requireSignedIn(context, req, res);
      if (!current || refusedForKids(page, req, res, current)) return;
      res.send(phonePage(page(req, res), { phone: current.account.phone }));
    }),
  );

  router.post(
    '/account/phone',
    csrf.verify,
    wrap(async (req, res) => {
      const current = await requireSignedIn(context, req, res);
      if (!current || refusedForKids(page, req, res, current)) return;
      const ctx = page(req, res);
      const typed = typeof req.body.phone === 'string' ? req.body.phone.slice(0, 32) : '';
      const blocked = await firstBlocked(rateLimiter, [[HELP_LIMITS.phoneChangePerAccount, current.account.id]]);
      if (blocked) {
        res.status(429).set('Retry-After', String(blocked)).send(phonePage(ctx, { phone: typed, error: visibleError(ctx, 'help_rate_limited') }));
        return;
      }
      try {
        await accounts.setPhone(current.account.id, typed);
      } catch (error) {
        if (!(error instanceof AccountError)) throw error;
        const id = error.reason === 'phone_taken' ? 'phone_taken' : 'phone_invalid';
        res.status(ERRORS[id].status).send(phonePage(ctx, { phone: typed, error: visibleError(ctx, id) }));
        return;
      }
      res.redirect(303, '/account?changed=phone');
    }),
  );

  router.get(
    '/profiles',
    wrap(async (req, res) => {
      const current = await requireSignedIn(context, req, res);
      if (!current) return;
      res.send(profilesPage(page(req, res), { profiles: current.account.profiles, currentId: current.profile.id }));
    }),
  );

  router.post(
    '/profiles',
    csrf.verify,
    wrap(async (req, res) => {
      const current = await requireSignedIn(context, req, res);
      if (!current) return;
      const chosen = current.account.profiles.find((p) => p.id === req.body.profileId);
      if (!chosen) {
        const ctx = page(req, res);
        res.status(400).send(errorPage(ctx, visibleError(ctx, 'invalid_request')));
        return;
      }
      await webSessions.setProfile(current.secret, chosen.id);
      res.redirect(303, '/account');
    }),
  );

  return router;
}
