import { Router } from 'express';
import type { AppContext } from '../server/context.ts';
import type { MessageKey } from '../shared/i18n/en.ts';
import { pageContextFor, requireSignedIn, signedIn, wrap } from './requestHelpers.ts';
import { devicesPage, type DeviceRow } from './pages/devices.ts';

// /account/devices: the signed-in account's devices, Sign out per device and Sign out of all
// devices (the Account page shows the same list). Only ever the account's own devices: every
// lookup and sign-out is keyed by the signed-in account, never by what the form says alone.

const NOTICES: Record<string, MessageKey> = { one: 'devices.signedOut', all: 'devices.signedOutAll', none: 'devices.alreadySignedOut' };

/** The account's devices as the pages show them, with the registered name of each app. */
export async function deviceRowsFor(context: AppContext, accountId: string): Promise<DeviceRow[]> {
  const sessions = await context.deviceSessions.list(accountId);
  return sessions.map((session) => ({
    session,
    clientName: context.config.clients.find((client) => client.clientId === session.clientId)?.name ?? session.clientId,
  }));
}

export function deviceRoutes(context: AppContext): Router {
  const { deviceSessions, csrf, logger } = context;
  const page = pageContextFor(context);
  const router = Router();

  router.get(
    '/account/devices',
    wrap(async (req, res) => {
      const current = await requireSignedIn(context, req, res);
      if (!current) return;
      const ctx = page(req, res);
      const notice = typeof req.query.signedOut === 'string' ? NOTICES[req.query.signedOut] : undefined;
      res.send(devicesPage(ctx, { rows: await deviceRowsFor(context, current.account.id), notice: notice && ctx.t(notice) }));
    }),
  );

  /** The signed-in account for a sign-out form, or null after sending the browser to sign in. */
  async function accountForForm(req: Parameters<typeof signedIn>[1], res: Parameters<typeof signedIn>[2]) {
    const current = await signedIn(context, req, res);
    // Back to the list after signing in, not to this POST-only address.
    if (!current) res.redirect(303, `/login?next=${encodeURIComponent('/account/devices')}`);
    return current?.account ?? null;
  }

  router.post(
    '/account/devices/sign-out',
    csrf.verify,
    wrap(async (req, res) => {
      const account = await accountForForm(req, res);
      if (!account) return;
      const wasSignedIn = await deviceSessions.revoke(account.id, String(req.body.device ?? ''));
      if (wasSignedIn) logger.info({ accountId: account.id }, 'device signed out from the account page');
      res.redirect(303, `/account/devices?signedOut=${wasSignedIn ? 'one' : 'none'}`);
    }),
  );

  router.post(
    '/account/devices/sign-out-all',
    csrf.verify,
    wrap(async (req, res) => {
      const account = await accountForForm(req, res);
      if (!account) return;
      await deviceSessions.revokeAllFor(account.id);
      logger.info({ accountId: account.id }, 'all devices signed out from the account page');
      res.redirect(303, '/account/devices?signedOut=all');
    }),
  );

  return router;
}
