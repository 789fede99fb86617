import { Router, type NextFunction, type Request, type Response } from 'express';
import type { AppContext } from '../server/context.ts';
import type { Account } from '../server/accounts/accountStore.ts';
import { readCookie } from '../server/http/cookies.ts';
import { translator } from '../shared/i18n/index.ts';
import type { MessageKey } from '../shared/i18n/en.ts';
import { rememberChosenLocale, requestLocale } from './locale.ts';
import type { PageContext } from './layout.ts';
import { devicesPage } from './pages/devices.ts';

// /account/devices: the signed-in account's devices, Sign out per device and Sign out of all
// devices. Only ever the account's own devices: every lookup is keyed by the signed-in account.

type Handler = (req: Request, res: Response) => Promise<void>;
const wrap = (handler: Handler) => (req: Request, res: Response, next: NextFunction) => handler(req, res).catch(next);

const NOTICES: Record<string, MessageKey> = { one: 'devices.signedOut', all: 'devices.signedOutAll', none: 'devices.alreadySignedOut' };

export function deviceRoutes(context: AppContext): Router {
  const { webSessions, accounts, deviceSessions, csrf, cookies, secure, config, logger } = context;
  const clientNames = new Map(config.clients.map((client) => [client.clientId, client.name]));
  const router = Router();

  /** The signed-in account, or null after sending the browser to sign in and come back. */
  async function requireAccount(req: Request, res: Response): Promise<Account | null> {
    const session = await webSessions.find(readCookie(req, cookies.session));
    const account = session ? await accounts.get(session.accountId) : null;
    res.locals.account = account;
    if (!account) res.redirect(303, `/login?next=${encodeURIComponent('/account/devices')}`);
    return account;
  }

  function page(req: Request, res: Response): PageContext {
    const locale = requestLocale(req, cookies.locale);
    rememberChosenLocale(req, res, cookies.locale, secure);
    res.set('Content-Language', locale).set('Cache-Control', 'no-store').vary('Accept-Language').vary('Cookie');
    return { t: translator(locale), locale, csrfToken: csrf.tokenFor(req, res), account: res.locals.account as Account | null, currentUrl: req.originalUrl };
  }

  router.get(
    '/account/devices',
    wrap(async (req, res) => {
      const account = await requireAccount(req, res);
      if (!account) return;
      const ctx = page(req, res);
      const sessions = await deviceSessions.list(account.id);
      const rows = sessions.map((session) => ({ session, clientName: clientNames.get(session.clientId) ?? session.clientId }));
      const notice = typeof req.query.signedOut === 'string' ? NOTICES[req.query.signedOut] : undefined;
      res.send(devicesPage(ctx, { rows, notice: notice && ctx.t(notice) }));
    }),
  );

  router.post(
    '/account/devices/sign-out',
    csrf.verify,
    wrap(async (req, res) => {
      const account = await requireAccount(req, res);
      if (!account) return;
      const signedOut = await deviceSessions.revoke(account.id, String(req.body.device ?? ''));
      if (signedOut) logger.info({ accountId: account.id }, 'device signed out from the account page');
      res.redirect(303, `/account/devices?signedOut=${signedOut ? 'one' : 'none'}`);
    }),
  );

  router.post(
    '/account/devices/sign-out-all',
    csrf.verify,
    wrap(async (req, res) => {
      const account = await requireAccount(req, res);
      if (!account) return;
      await deviceSessions.revokeAllFor(account.id);
      logger.info({ accountId: account.id }, 'all devices signed out from the account page');
      res.redirect(303, '/account/devices?signedOut=all');
    }),
  );

  return router;
}
