import { Router } from 'express';
import { ERRORS, type ErrorId } from '../shared/errors.ts';
import { normalizePhone } from '../shared/loginIdentifier.ts';
import { maskRecipient } from '../shared/maskRecipient.ts';
import { visibleError } from './layout.ts';
import { refusedForKids, sendErrorPage, type PageContextOf } from './pageContext.ts';
import { requireSignedIn } from './session.ts';
import { formText, refusedByLimit } from './forms.ts';
import type { Accounts, BrowserSessions, Csrf, Limits, Logger, PasswordHelp, Settings } from './ports.ts';
import type { DeviceRows } from './deviceRoutes.ts';
import { accountPage } from './pages/account.ts';
import { phoneCodePage, phonePage } from './pages/phone.ts';
import { profilesPage } from './pages/profiles.ts';

// The Account page, adding or changing the phone number, and choosing the profile in use.

export interface AccountRouteDeps {
  pageContext: PageContextOf;
  csrf: Csrf;
  accounts: Pick<Accounts, 'passwordMatches' | 'findByLogin'>;
  phoneChanges: PasswordHelp['phoneChanges'];
  settings: Pick<Settings, 'smsCodeLifetimeSeconds'>;
  logger: Logger;
  browserSessions: Pick<BrowserSessions, 'setProfile'>;
  limits: Pick<Limits, 'phoneChange'>;
  deviceRows: DeviceRows;
}

export function accountRoutes(deps: AccountRouteDeps): Router {
  const { pageContext, csrf, accounts, browserSessions, limits, deviceRows, phoneChanges, logger } = deps;
  const codeMinutes = Math.round(deps.settings.smsCodeLifetimeSeconds / 60);
  const router = Router();

  router.get('/account', async (req, res) => {
    const current = requireSignedIn(req, res);
    if (!current) return;
    const ctx = pageContext(req, res);
    const notices: Record<string, string> = {
      browsers: ctx.t('password.changed'),
      devices: ctx.t('password.changedDevices'),
      phone: ctx.t('phone.saved'),
    };
    const notice = typeof req.query.changed === 'string' ? notices[req.query.changed] : undefined;
    const devices = await deviceRows(current.account.id, req.ip);
    res.send(accountPage(ctx, { account: current.account, profile: current.profile, devices, thisBrowser: { signedInAt: current.session.createdAt }, notice }));
  });

  router.get('/account/phone', (req, res) => {
    const current = requireSignedIn(req, res);
    if (!current || refusedForKids(pageContext, req, res, current)) return;
    res.send(phonePage(pageContext(req, res), { phone: current.account.phone }));
  });

  /**
   * Step 1: the current password (a signed-in browser alone is no proof: it may be someone else's
   * hands at a signed-in computer), then a code texted to the new number. Nothing is saved yet.
   */
  router.post('/account/phone', csrf.verify, async (req, res) => {
    const current = requireSignedIn(req, res);
    if (!current || refusedForKids(pageContext, req, res, current)) return;
    const ctx = pageContext(req, res);
    const typed = formText(req.body.phone, 32);
    const fail = (id: ErrorId) => void res.status(ERRORS[id].status).send(phonePage(ctx, { phone: typed, error: visibleError(ctx, id) }));
    if (refusedByLimit(res, await limits.phoneChange(current.account.id))) return fail('help_rate_limited');
    const password = formText(req.body.password, 256);
    if (!password || !(await accounts.passwordMatches(current.account.id, password))) return fail('current_password_wrong');
    const phone = normalizePhone(typed);
    if (!phone) return fail('phone_invalid');
    const owner = await accounts.findByLogin(phone);
    if (owner && owner.id !== current.account.id) return fail('phone_taken');
    await phoneChanges.start(current.account, phone, ctx.locale);
    res.send(phoneCodePage(ctx, { phone: maskRecipient(phone), minutes: codeMinutes }));
  });

  /** Step 2: the code from the text message; the number is saved and the email and old number are told. */
  router.post('/account/phone/confirm', csrf.verify, async (req, res) => {
    const current = requireSignedIn(req, res);
    if (!current || refusedForKids(pageContext, req, res, current)) return;
    const ctx = pageContext(req, res);
    const pending = await phoneChanges.pendingNumber(current.account.id);
    const result = await phoneChanges.confirm(current.account, req.body.code, ctx.locale);
    if (result === 'ok') {
      logger.info({ accountId: current.account.id }, 'phone number changed');
      return void res.redirect(303, '/account?changed=phone');
    }
    const id: ErrorId = result === 'phone_taken' ? 'phone_taken' : result === 'dead' ? 'reset_code_dead' : 'reset_code_wrong';
    res.status(ERRORS[id].status).send(phoneCodePage(ctx, { phone: pending ? maskRecipient(pending) : '', minutes: codeMinutes, error: visibleError(ctx, id) }));
  });

  router.get('/profiles', (req, res) => {
    const current = requireSignedIn(req, res);
    if (!current) return;
    res.send(profilesPage(pageContext(req, res), { profiles: current.account.profiles, currentId: current.profile.id }));
  });

  router.post('/profiles', csrf.verify, async (req, res) => {
    const current = requireSignedIn(req, res);
    if (!current) return;
    const chosen = current.account.profiles.find((p) => p.id === req.body.profileId);
    if (!chosen) {
      sendErrorPage(res, pageContext(req, res), 'invalid_request');
      return;
    }
    await browserSessions.setProfile(current.secret, chosen.id);
    res.redirect(303, '/account');
  });

  return router;
}
