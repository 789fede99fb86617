import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../server/context.ts';
import { sha256Hex } from '../server/crypto.ts';
import { normalizeEmail, normalizePhone } from '../shared/loginIdentifier.ts';
import { normalizeCardNumber, normalizePersonName } from '../server/accounts/billingDetails.ts';
import { HELP_LIMITS, firstBlocked } from '../server/passwordHelp/helpRateLimits.ts';
import { visibleError, type PageContext } from './layout.ts';
import type { ErrorId } from '../shared/errors.ts';
import type { RateLimitRule } from '../server/http/rateLimiter.ts';
import { pageContextFor, startSession, wrap } from './requestHelpers.ts';
import { loginHelpPage, type ResetMethod } from './pages/loginHelp.ts';
import { emailSentPage } from './pages/emailSent.ts';
import { smsCodePage } from './pages/smsCode.ts';
import { recoverAccountPage } from './pages/recoverAccount.ts';
import { noticePage } from './pages/notice.ts';
import { errorPage } from './pages/errorPage.ts';
import { resetLinkPage } from './pages/resetLink.ts';
import { isWellFormedResetToken } from '../server/passwordHelp/resetLinks.ts';

// /loginhelp: reset the password by email or text message, or find the account by billing
// details. Every answer that could tell whether an account exists is the same either way (same
// status, same page), and sending happens in the background so timing says nothing either.

/** After a reset link or SMS code, how long the browser may set a new password without the old one. */
export const RESET_STEP_SECONDS = 30 * 60;

const text = (value: unknown, max: number) => (typeof value === 'string' ? value.slice(0, max) : '');

export function loginHelpRoutes(context: AppContext): Router {
  const { csrf, rateLimiter, config, clock, passwordHelp } = context;
  const page = pageContextFor(context);
  const router = Router();
  const ip = (req: Request) => req.ip ?? 'unknown';

  function tooMany(res: Response, retryAfterSeconds: number): Response {
    return res.status(429).set('Retry-After', String(retryAfterSeconds));
  }

  router.get('/loginhelp', (req, res) => {
    const method = req.query.method === 'sms' ? 'sms' : 'email';
    res.send(loginHelpPage(page(req, res), { method, billingRecovery: config.billingRecovery }));
  });

  /**
   * Email Me and Text Me: the same steps with another field, limits and answer. Invalid input is
   * said plainly (it reveals nothing); after that the answer is the same whether or not an
   * account was found.
   */
  const RESET_BY: Record<ResetMethod, {
    field: string; maxLength: number; normalize(input: string): string | null; invalid: ErrorId;
    limits: [RateLimitRule, RateLimitRule]; send(value: string, locale: string): void; answer(ctx: PageContext, value: string): string;
  }> = {
    email: {
      field: 'email', maxLength: 254, normalize: normalizeEmail, invalid: 'email_invalid',
      limits: [HELP_LIMITS.resetEmailPerIp, HELP_LIMITS.resetEmailPerAddress],
      send: (email, locale) => passwordHelp.requests.byEmail(email, locale),
      answer: (ctx, email) => emailSentPage(ctx, { email, from: config.mailFrom }),
    },
    sms: {
      field: 'phone', maxLength: 32, normalize: normalizePhone, invalid: 'phone_invalid',
      limits: [HELP_LIMITS.resetSmsPerIp, HELP_LIMITS.resetSmsPerPhone],
      send: (phone, locale) => passwordHelp.requests.bySms(phone, locale),
      answer: (ctx, phone) => smsCodePage(ctx, { phone, minutes: Math.round(config.smsCodeLifetimeSeconds / 60) }),
    },
  };

  for (const method of ['email', 'sms'] as const) {
    const how = RESET_BY[method];
    router.post(
      `/loginhelp/${method}`,
      csrf.verify,
      wrap(async (req, res) => {
        const ctx = page(req, res);
        const typed = text(req.body[how.field], how.maxLength);
        const value = how.normalize(typed);
        const form = (id: ErrorId) => loginHelpPage(ctx, { method, value: typed, error: visibleError(ctx, id), billingRecovery: config.billingRecovery });
        if (!value) {
          res.status(400).send(form(how.invalid));
          return;
        }
        const [perIp, perRecipient] = how.limits;
        const blocked = await firstBlocked(rateLimiter, [[perIp, ip(req)], [perRecipient, sha256Hex(value)]]);
        if (blocked) {
          tooMany(res, blocked).send(form('help_rate_limited'));
          return;
        }
        how.send(value, ctx.locale);
        res.send(how.answer(ctx, value));
      }),
    );
  }

  router.post(
    '/loginhelp/sms/verify',
    csrf.verify,
    wrap(async (req, res) => {
      const ctx = page(req, res);
      const phone = normalizePhone(text(req.body.phone, 32));
      if (!phone) {
        res.status(400).send(loginHelpPage(ctx, { method: 'sms', error: visibleError(ctx, 'phone_invalid'), billingRecovery: config.billingRecovery }));
        return;
      }
      const minutes = Math.round(config.smsCodeLifetimeSeconds / 60);
      const blocked = await firstBlocked(rateLimiter, [[HELP_LIMITS.smsCodeTriesPerIp, ip(req)]]);
      if (blocked) {
        tooMany(res, blocked).send(smsCodePage(ctx, { phone, minutes, error: visibleError(ctx, 'help_rate_limited') }));
        return;
      }
      const account = await context.accounts.findByLogin(phone);
      const result = account?.phone === phone
        ? await passwordHelp.smsCodes.redeem(account.id, req.body.code)
        : await passwordHelp.smsCodes.redeemDecoy(phone, req.body.code);
      if (result !== 'ok' || !account) {
        res.status(400).send(smsCodePage(ctx, { phone, minutes, error: visibleError(ctx, result === 'dead' ? 'reset_code_dead' : 'reset_code_wrong') }));
        return;
      }
      await startSession(context, req, res, account.id, { passwordResetUntil: clock.now() + RESET_STEP_SECONDS * 1000 });
      res.redirect(303, '/password');
    }),
  );

  /**
   * The emailed link opens a page with a button and uses nothing up: mail scanners fetch links,
   * and a GET that signed in would burn the person's link and give the scanner a session.
   */
  router.get('/loginhelp/reset', (req, res) => {
    const ctx = page(req, res);
    const token = req.query.token;
    if (!isWellFormedResetToken(token)) {
      res.status(400).send(errorPage(ctx, visibleError(ctx, 'reset_link_invalid')));
      return;
    }
    res.send(resetLinkPage(ctx, { token }));
  });

  /** The button: the link is used up here, the browser is signed in and asked for a new password. */
  router.post(
    '/loginhelp/reset',
    csrf.verify,
    wrap(async (req, res) => {
      const accountId = await passwordHelp.resetLinks.redeem(req.body.token);
      if (!accountId || !(await context.accounts.get(accountId))) {
        const ctx = page(req, res);
        res.status(400).send(errorPage(ctx, visibleError(ctx, 'reset_link_invalid')));
        return;
      }
      await startSession(context, req, res, accountId, { passwordResetUntil: clock.now() + RESET_STEP_SECONDS * 1000 });
      res.redirect(303, '/password');
    }),
  );

  router.get('/loginhelp/recover', (req, res) => {
    const ctx = page(req, res);
    if (!config.billingRecovery) {
      res.status(404).send(errorPage(ctx, visibleError(ctx, 'billing_recovery_unavailable')));
      return;
    }
    res.send(recoverAccountPage(ctx, {}));
  });

  router.post(
    '/loginhelp/recover',
    csrf.verify,
    wrap(async (req, res) => {
      const ctx = page(req, res);
      if (!config.billingRecovery) {
        res.status(404).send(errorPage(ctx, visibleError(ctx, 'billing_recovery_unavailable')));
        return;
      }
      const firstName = text(req.body.firstName, 100);
      const lastName = text(req.body.lastName, 100);
      const cardNumber = text(req.body.card, 40);
      const first = normalizePersonName(firstName);
      const last = normalizePersonName(lastName);
      const form = (id: ErrorId) => recoverAccountPage(ctx, { firstName, lastName, error: visibleError(ctx, id) });
      // The card number is never echoed back into the page or logged.
      if (!first || !last || !normalizeCardNumber(cardNumber)) {
        res.status(400).send(form('billing_details_invalid'));
        return;
      }
      const blocked = await firstBlocked(rateLimiter, [
        [HELP_LIMITS.billingPerIp, ip(req)],
        [HELP_LIMITS.billingPerName, sha256Hex(`${first}\n${last}`)],
        [HELP_LIMITS.billingGlobal, 'all'],
      ]);
      if (blocked) {
        tooMany(res, blocked).send(form('billing_recovery_rate_limited'));
        return;
      }
      passwordHelp.requests.byBilling({ firstName, lastName, cardNumber }, ctx.locale);
      res.send(noticePage(ctx, { title: ctx.t('recover.title'), message: ctx.t('recover.sent'), next: { href: '/login', label: ctx.t('common.signIn') } }));
    }),
  );

  return router;
}
