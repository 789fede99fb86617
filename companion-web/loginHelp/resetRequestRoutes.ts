import { Router } from 'express';
import type { ErrorId } from '../../shared/errors.ts';
import { normalizeEmail, normalizePhone } from '../../shared/loginIdentifier.ts';
import { visibleError, type PageContext } from '../layout.ts';
import type { PageContextOf } from '../pageContext.ts';
import type { Csrf, LimitResult, Limits, PasswordHelp, Settings } from '../ports.ts';
import { formText, refusedByLimit } from '../forms.ts';
import { loginHelpPage, type ResetMethod } from '../pages/loginHelp.ts';
import { emailSentPage } from '../pages/emailSent.ts';
import { smsCodePage } from '../pages/smsCode.ts';

// /loginhelp: "Email Me" and "Text Me". Invalid input is said plainly (it reveals nothing); after
// that the answer is the same page and status whether or not an account was found, and sending
// happens in the background, so timing says nothing either.

export interface ResetRequestRouteDeps {
  pageContext: PageContextOf;
  csrf: Csrf;
  settings: Pick<Settings, 'billingRecovery' | 'mailFrom' | 'smsCodeLifetimeSeconds'>;
  limits: Pick<Limits, 'resetEmail' | 'resetSms'>;
  requests: Pick<PasswordHelp['requests'], 'byEmail' | 'bySms'>;
}

export function resetRequestRoutes(deps: ResetRequestRouteDeps): Router {
  const { pageContext, csrf, settings, limits, requests } = deps;
  const router = Router();

  /** Email Me and Text Me: the same steps with another field, limits and answer. */
  const RESET_BY: Record<ResetMethod, {
    field: string; maxLength: number; normalize(input: string): string | null; invalid: ErrorId;
    limit(ip: string | undefined, value: string): Promise<LimitResult>; send(value: string, locale: string): void; answer(ctx: PageContext, value: string): string;
  }> = {
    email: {
      field: 'email', maxLength: 254, normalize: normalizeEmail, invalid: 'email_invalid',
      limit: (ip, email) => limits.resetEmail(ip, email),
      send: (email, locale) => requests.byEmail(email, locale),
      answer: (ctx, email) => emailSentPage(ctx, { email, from: settings.mailFrom }),
    },
    sms: {
      field: 'phone', maxLength: 32, normalize: normalizePhone, invalid: 'phone_invalid',
      limit: (ip, phone) => limits.resetSms(ip, phone),
      send: (phone, locale) => requests.bySms(phone, locale),
      answer: (ctx, phone) => smsCodePage(ctx, { phone, minutes: Math.round(settings.smsCodeLifetimeSeconds / 60) }),
    },
  };

  router.get('/loginhelp', (req, res) => {
    const method = req.query.method === 'sms' ? 'sms' : 'email';
    res.send(loginHelpPage(pageContext(req, res), { method, billingRecovery: settings.billingRecovery }));
  });

  for (const method of ['email', 'sms'] as const) {
    const how = RESET_BY[method];
    router.post(`/loginhelp/${method}`, csrf.verify, async (req, res) => {
      const ctx = pageContext(req, res);
      const typed = formText(req.body[how.field], how.maxLength);
      const value = how.normalize(typed);
      const form = (id: ErrorId) => loginHelpPage(ctx, { method, value: typed, error: visibleError(ctx, id), billingRecovery: settings.billingRecovery });
      if (!value) {
        res.status(400).send(form(how.invalid));
        return;
      }
      if (refusedByLimit(res, await how.limit(req.ip, value))) {
        res.send(form('help_rate_limited'));
        return;
      }
      how.send(value, ctx.locale);
      res.send(how.answer(ctx, value));
    });
  }

  return router;
}
