import { Router } from 'express';
import type { ErrorId } from '../../shared/errors.ts';
import { normalizeCardNumber, normalizePersonName } from '../../shared/billingInput.ts';
import { visibleError } from '../layout.ts';
import { sendErrorPage, type PageContextOf } from '../pageContext.ts';
import type { Csrf, Limits, PasswordHelp, Settings } from '../ports.ts';
import { recoverAccountPage } from '../pages/recoverAccount.ts';
import { noticePage } from '../pages/notice.ts';
import { formText, refusedByLimit } from '../forms.ts';

// /loginhelp/recover: "I don't remember my email or phone". First name, last name and card number
// find the account; a reset link goes to its email. The same answer whether or not one matched.
// Off where the region does not offer it (BILLING_RECOVERY=off): the page says to contact support.

export interface RecoverRouteDeps {
  pageContext: PageContextOf;
  csrf: Csrf;
  settings: Pick<Settings, 'billingRecovery'>;
  limits: Pick<Limits, 'billing'>;
  requests: Pick<PasswordHelp['requests'], 'byBilling'>;
}

export function recoverRoutes(deps: RecoverRouteDeps): Router {
  const { pageContext, csrf, settings, limits, requests } = deps;
  const router = Router();

  router.get('/loginhelp/recover', (req, res) => {
    const ctx = pageContext(req, res);
    if (!settings.billingRecovery) {
      sendErrorPage(res, ctx, 'billing_recovery_unavailable');
      return;
    }
    res.send(recoverAccountPage(ctx, {}));
  });

  router.post('/loginhelp/recover', csrf.verify, async (req, res) => {
    const ctx = pageContext(req, res);
    if (!settings.billingRecovery) {
      sendErrorPage(res, ctx, 'billing_recovery_unavailable');
      return;
    }
    const firstName = formText(req.body.firstName, 100);
    const lastName = formText(req.body.lastName, 100);
    const cardNumber = formText(req.body.card, 40);
    const first = normalizePersonName(firstName);
    const last = normalizePersonName(lastName);
    const form = (id: ErrorId) => recoverAccountPage(ctx, { firstName, lastName, error: visibleError(ctx, id) });
    // The card number is never echoed back into the page or logged.
    if (!first || !last || !normalizeCardNumber(cardNumber)) {
      res.status(400).send(form('billing_details_invalid'));
      return;
    }
    if (refusedByLimit(res, await limits.billing(req.ip, first, last))) {
      res.send(form('billing_recovery_rate_limited'));
      return;
    }
    requests.byBilling({ firstName, lastName, cardNumber }, ctx.locale);
    res.send(noticePage(ctx, { title: ctx.t('recover.title'), message: ctx.t('recover.sent'), next: { href: '/login', label: ctx.t('common.signIn') } }));
  });

  return router;
}
