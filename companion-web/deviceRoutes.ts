import { Router } from 'express';
import type { MessageKey } from '../shared/i18n/en.ts';
import type { PageContextOf } from './pageContext.ts';
import { requireSignedIn } from './session.ts';
import type { Csrf, Devices, Logger, Settings } from './ports.ts';
import { devicesPage, signOutAllPage, type DeviceRow } from './pages/devices.ts';

// /account/devices: the signed-in account's devices, Sign out per device and Sign out of all
// devices (the Account page shows the same list). Only ever the account's own devices: every
// lookup and sign-out is keyed by the signed-in account, never by what the form says alone.

const NOTICES: Record<string, MessageKey> = { one: 'devices.signedOut', all: 'devices.signedOutAll', none: 'devices.alreadySignedOut' };

/**
 * The account's devices as the pages show them, with the registered name of each app and whether
 * each was last seen on the network the person reading the page is on (`viewerIp`). Only that
 * comparison reaches the page: never an address, ours or anyone else's.
 */
export type DeviceRows = (accountId: string, viewerIp: string | undefined) => Promise<DeviceRow[]>;

export function deviceRowsFrom(deps: { devices: Pick<Devices, 'list' | 'networkOf'>; settings: Pick<Settings, 'clients'> }): DeviceRows {
  return async (accountId, viewerIp) => {
    const sessions = await deps.devices.list(accountId);
    const here = deps.devices.networkOf(viewerIp);
    return sessions.map((session) => ({
      session,
      clientName: appName(deps.settings.clients, session.clientId),
      network: !session.lastNetwork ? 'unknown' : session.lastNetwork === here ? 'this' : 'other',
    }));
  };
}

/**
 * The registered name of a device's app; null for our own TV app under its built-in name (CLIENTS
 * unset: `tv:TV app`), which the page says in its own language. A name an operator chose is theirs.
 */
function appName(clients: Settings['clients'], clientId: string): string | null {
  const name = clients.find((client) => client.clientId === clientId)?.name ?? clientId;
  return clientId === 'tv' && name === 'TV app' ? null : name;
}

export interface DeviceRouteDeps {
  pageContext: PageContextOf;
  csrf: Csrf;
  logger: Logger;
  devices: Pick<Devices, 'revoke' | 'revokeAllFor'>;
  deviceRows: DeviceRows;
}

export function deviceRoutes(deps: DeviceRouteDeps): Router {
  const { pageContext, csrf, logger, devices, deviceRows } = deps;
  const router = Router();
  // A sign-out form sends a browser that is not signed in back to the list, not to a POST-only address.
  const LIST = '/account/devices';

  router.get(LIST, async (req, res) => {
    const current = requireSignedIn(req, res);
    if (!current) return;
    const ctx = pageContext(req, res);
    const notice = typeof req.query.signedOut === 'string' ? NOTICES[req.query.signedOut] : undefined;
    res.send(devicesPage(ctx, {
      rows: await deviceRows(current.account.id, req.ip),
      thisBrowser: { signedInAt: current.session.createdAt },
      notice: notice && ctx.t(notice),
    }));
  });

  router.post('/account/devices/sign-out', csrf.verify, async (req, res) => {
    const account = requireSignedIn(req, res, LIST)?.account;
    if (!account) return;
    const wasSignedIn = await devices.revoke(account.id, String(req.body.device ?? ''));
    if (wasSignedIn) logger.info({ accountId: account.id }, 'device signed out from the account page');
    res.redirect(303, `${LIST}?signedOut=${wasSignedIn ? 'one' : 'none'}`);
  });

  router.get('/account/devices/sign-out-all', async (req, res) => {
    const current = requireSignedIn(req, res);
    if (!current) return;
    res.send(signOutAllPage(pageContext(req, res), { count: (await deviceRows(current.account.id, req.ip)).length }));
  });

  router.post('/account/devices/sign-out-all', csrf.verify, async (req, res) => {
    const account = requireSignedIn(req, res, LIST)?.account;
    if (!account) return;
    await devices.revokeAllFor(account.id);
    logger.info({ accountId: account.id }, 'all devices signed out from the account page');
    res.redirect(303, `${LIST}?signedOut=all`);
  });

  return router;
}
