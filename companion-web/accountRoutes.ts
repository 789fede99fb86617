import { Router } from 'express';
import type { AppContext } from '../server/context.ts';
import { ERRORS, type ErrorId } from '../shared/errors.ts';
import { normalizePhone } from '../shared/loginIdentifier.ts';
import { maskRecipient } from '../server/notify/notifier.ts';
import { HELP_LIMITS, firstBlocked } from '../server/passwordHelp/helpRateLimits.ts';
import { visibleError } from './layout.ts';
import { pageContextFor, refusedForKids, requireSignedIn, wrap } from './requestHelpers.ts';
import { accountPage } from './pages/account.ts';
import { deviceRowsFor } from './deviceRoutes.ts';
import { phoneCodePage, phonePage } from './pages/phone.ts';
import { profilesPage } from './pages/profiles.ts';
import { errorPage } from './pages/errorPage.ts';

// The Account page, adding or changing the phone number, and choosing the profile in use.

export function accountRoutes(context: AppContext): Router {
  const { csrf, accounts, webSessions, rateLimiter, passwordHelp } = context;
  const codeMinutes = Math.round(context.config.smsCodeLifetimeSeconds / 60);
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

  /**
   * Step 1: the current password (the browser alone is not proof: it may be someone else's hands
   * at a signed-in computer), then a code texted to the new number. Nothing is saved yet.
   */
  router.post(
    '/account/phone',
    csrf.verify,
    wrap(async (req, res) => {
      const current = await requireSignedIn(context, req, res);
      if (!current || refusedForKids(page, req, res, current)) return;
      const ctx = page(req, res);
      const typed = typeof req.body.phone === 'string' ? req.body.phone.slice(0, 32) : '';
      const fail = (id: ErrorId) => res.status(ERRORS[id].status).send(phonePage(ctx, { phone: typed, error: visibleError(ctx, id) }));
      const blocked = await firstBlocked(rateLimiter, [[HELP_LIMITS.phoneChangePerAccount, current.account.id]]);
      if (blocked) {
        res.set('Retry-After', String(blocked));
        return void fail('help_rate_limited');
      }
      const password = typeof req.body.password === 'string' ? req.body.password.slice(0, 256) : '';
      if (!password || !(await accounts.passwordMatches(current.account.id, password))) return void fail('current_password_wrong');
      const phone = normalizePhone(typed);
      if (!phone) return void fail('phone_invalid');
      const owner = await accounts.findByLogin(phone);
      if (owner && owner.id !== current.account.id) return void fail('phone_taken');
      await passwordHelp.phoneChanges.start(current.account, phone, ctx.locale);
      res.send(phoneCodePage(ctx, { phone: maskRecipient(phone), minutes: codeMinutes }));
    }),
  );

  /** Step 2: the code from the text message; the number is saved and the old contacts are told. */
  router.post(
    '/account/phone/confirm',
    csrf.verify,
    wrap(async (req, res) => {
      const current = await requireSignedIn(context, req, res);
      if (!current || refusedForKids(page, req, res, current)) return;
      const ctx = page(req, res);
      const pending = await passwordHelp.phoneChanges.pendingNumber(current.account.id);
      const result = await passwordHelp.phoneChanges.confirm(current.account, req.body.code, ctx.locale);
      if (result === 'ok') {
        context.logger.info({ accountId: current.account.id }, 'phone number changed');
        return void res.redirect(303, '/account?changed=phone');
      }
      const id: ErrorId = result === 'phone_taken' ? 'phone_taken' : result === 'dead' ? 'reset_code_dead' : 'reset_code_wrong';
      res.status(ERRORS[id].status).send(phoneCodePage(ctx, { phone: pending ? maskRecipient(pending) : '', minutes: codeMinutes, error: visibleError(ctx, id) }));
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
