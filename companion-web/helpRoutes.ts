import { Router } from 'express';
import { AppError } from '../shared/appError.ts';
import { errorByCode } from '../shared/errors.ts';
import type { PageContextOf } from './pageContext.ts';
import { homePage } from './pages/home.ts';
import { helpIndexPage, helpPage } from './pages/help.ts';
import { supportPage } from './pages/support.ts';
import type { Settings } from './ports.ts';

// The start page and /help: troubleshooting per error code (/help/TV-100), linked from every
// error the TV or a page shows; /support: how to reach a person (SUPPORT_EMAIL), and what to try
// first. Every "Contact support" leads there, or to SUPPORT_URL where the operator has its own.

export function helpRoutes(deps: { pageContext: PageContextOf; settings: Pick<Settings, 'supportUrl' | 'supportEmail' | 'billingRecovery' | 'smsCodeLifetimeSeconds'> }): Router {
  const { pageContext, settings } = deps;
  const router = Router();

  router.get('/', (req, res) => {
    const ctx = pageContext(req, res);
    res.send(homePage(ctx, { notice: req.query.cleared === '1' ? ctx.t('clearCookies.body') : undefined }));
  });

  router.get('/help', (req, res) => {
    res.send(helpIndexPage(pageContext(req, res)));
  });

  router.get('/support', (req, res) => {
    res.send(supportPage(pageContext(req, res), settings));
  });

  /** Help for one error code; codes are matched exactly as shown (TV-100), any case. */
  router.get('/help/:code', (req, res) => {
    const error = errorByCode(String(req.params.code).toUpperCase().slice(0, 10));
    if (!error) throw new AppError('not_found');
    res.send(helpPage(pageContext(req, res), error.id, { smsCodeMinutes: Math.round(settings.smsCodeLifetimeSeconds / 60) }));
  });

  return router;
}
