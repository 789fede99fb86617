import { Router } from 'express';
import { ERRORS } from '../shared/errors.ts';
import { visibleError } from './layout.ts';
import { refusedForKids, sendErrorPage, type PageContextOf } from './pageContext.ts';
import { requireSignedIn } from './session.ts';
import { formText, refusedByLimit } from './forms.ts';
import { isPhoneRefused, type Accounts, type BrowserSessions, type Csrf, type Limits } from './ports.ts';
import type { DeviceRows } from './deviceRoutes.ts';
import { accountPage } from './pages/account.ts';
import { phonePage } from './pages/phone.ts';
import { profilesPage } from './pages/profiles.ts';

// The Account page, adding or changing the phone number, and choosing the profile in use.

export interface AccountRouteDeps {
  pageContext: PageContextOf;
  csrf: Csrf;
  accounts: Pick<Accounts, 'setPhone'>;
  browserSessions: Pick<BrowserSessions, 'setProfile'>;
  limits: Pick<Limits, 'phoneChange'>;
  deviceRows: DeviceRows;
}

export function accountRoutes(deps: AccountRouteDeps): Router {
  const { pageContext, csrf, accounts, browserSessions, limits, deviceRows } = deps;
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
    const devices = await deviceRows(current.account.id);
    res.send(accountPage(ctx, { account: current.account, profile: current.profile, devices, notice }));
  });

  router.get('/account/phone', (req, res) => {
    const current = requireSignedIn(req, res);
    if (!current || refusedForKids(pageContext, req, res, current)) return;
    res.send(phonePage(pageContext(req, res), { phone: current.account.phone }));
  });

  router.post('/account/phone', csrf.verify, async (req, res) => {
    const current = requireSignedIn(req, res);
    if (!current || refusedForKids(pageContext, req, res, current)) return;
    const ctx = pageContext(req, res);
    const typed = formText(req.body.phone, 32);
    if (refusedByLimit(res, await limits.phoneChange(current.account.id))) {
      res.send(phonePage(ctx, { phone: typed, error: visibleError(ctx, 'help_rate_limited') }));
      return;
    }
    try {
      await accounts.setPhone(current.account.id, typed);
    } catch (error) {
      if (!isPhoneRefused(error)) throw error;
      const id = error.reason === 'phone_taken' ? 'phone_taken' : 'phone_invalid';
      res.status(ERRORS[id].status).send(phonePage(ctx, { phone: typed, error: visibleError(ctx, id) }));
      return;
    }
    res.redirect(303, '/account?changed=phone');
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
