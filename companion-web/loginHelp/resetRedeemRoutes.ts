import { Router } from 'express';
import { normalizePhone } from '../../shared/loginIdentifier.ts';
import { visibleError } from '../layout.ts';
import { sendErrorPage, type PageContextOf } from '../pageContext.ts';
import type { BrowserSignIn } from '../session.ts';
import type { Accounts, Clock, Csrf, Limits, PasswordHelp, Settings } from '../ports.ts';
import { loginHelpPage } from '../pages/loginHelp.ts';
import { smsCodePage } from '../pages/smsCode.ts';
import { formText, refusedByLimit } from '../forms.ts';

// Using what "Email Me" or "Text Me" sent: the emailed link or the typed SMS code signs this
// browser in for a short while in which it may set a new password without the old one.

/** After a reset link or SMS code, how long the browser may set a new password without the old one. */
const RESET_STEP_SECONDS = 30 * 60;

export interface ResetRedeemRouteDeps {
  pageContext: PageContextOf;
  csrf: Csrf;
  settings: Pick<Settings, 'billingRecovery' | 'smsCodeLifetimeSeconds'>;
  limits: Pick<Limits, 'smsCodeTry'>;
  accounts: Pick<Accounts, 'get' | 'findByLogin'>;
  passwordHelp: Pick<PasswordHelp, 'smsCodes' | 'resetLinks'>;
  signIn: BrowserSignIn;
  clock: Clock;
}

export function resetRedeemRoutes(deps: ResetRedeemRouteDeps): Router {
  const { pageContext, csrf, settings, limits, accounts, passwordHelp, signIn, clock } = deps;
  const router = Router();
  const resetStep = () => ({ passwordResetUntil: clock.now() + RESET_STEP_SECONDS * 1000 });

  router.post('/loginhelp/sms/verify', csrf.verify, async (req, res) => {
    const ctx = pageContext(req, res);
    const phone = normalizePhone(formText(req.body.phone, 32));
    if (!phone) {
      res.status(400).send(loginHelpPage(ctx, { method: 'sms', error: visibleError(ctx, 'phone_invalid'), billingRecovery: settings.billingRecovery }));
      return;
    }
    const minutes = Math.round(settings.smsCodeLifetimeSeconds / 60);
    if (refusedByLimit(res, await limits.smsCodeTry(req.ip))) {
      res.send(smsCodePage(ctx, { phone, minutes, error: visibleError(ctx, 'help_rate_limited') }));
      return;
    }
    const account = await accounts.findByLogin(phone);
    const result = account?.phone === phone
      ? await passwordHelp.smsCodes.redeem(account.id, req.body.code)
      : await passwordHelp.smsCodes.redeemDecoy(phone, req.body.code);
    if (result !== 'ok' || !account) {
      res.status(400).send(smsCodePage(ctx, { phone, minutes, error: visibleError(ctx, result === 'dead' ? 'reset_code_dead' : 'reset_code_wrong') }));
      return;
    }
    await signIn.start(req, res, account.id, resetStep());
    res.redirect(303, '/password');
  });

  /** The emailed link: used up here, the browser is signed in, and the token leaves the address bar. */
  router.get('/loginhelp/reset', async (req, res) => {
    const accountId = await passwordHelp.resetLinks.redeem(req.query.token);
    if (!accountId || !(await accounts.get(accountId))) {
      sendErrorPage(res, pageContext(req, res), 'reset_link_invalid');
      return;
    }
    await signIn.start(req, res, accountId, resetStep());
    res.redirect(303, '/password');
  });

  return router;
}
