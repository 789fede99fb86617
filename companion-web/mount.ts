import type { Express } from 'express';
import type { CompanionServices } from './ports.ts';
import { browserSignIn } from './session.ts';
import { pageContextFor } from './pageContext.ts';
import { helpRoutes } from './helpRoutes.ts';
import { pairingRoutes } from './pairingRoutes.ts';
import { readGuessBudgetsEarly } from './codeGuessEarly.ts';
import { prepareDecisionEarly } from './decisionReadAhead.ts';
import { signInRoutes } from './signInRoutes.ts';
import { resetRequestRoutes } from './loginHelp/resetRequestRoutes.ts';
import { resetRedeemRoutes } from './loginHelp/resetRedeemRoutes.ts';
import { recoverRoutes } from './loginHelp/recoverRoutes.ts';
import { passwordRoutes } from './passwordRoutes.ts';
import { accountRoutes } from './accountRoutes.ts';
import { deviceRoutes, deviceRowsFrom } from './deviceRoutes.ts';
import { devOutboxRoutes } from './devOutboxRoutes.ts';

// The companion site's one entry point: mounts every page on the app, giving each route module
// only the services it uses. The composition root calls this and companionErrorPage, nothing else.

export { companionErrorPage } from './pageContext.ts';
export type { CompanionServices } from './ports.ts';

export function mount(app: Express, services: CompanionServices): void {
  const { settings, clock, logger, cookies, csrf, pairings, accounts, browserSessions, limits, passwordHelp, devices, devOutbox } = services;
  const signIn = browserSignIn({ browserSessions, accounts, cookies, csrf });
  const pageContext = pageContextFor({ cookies, csrf, clock, supportUrl: settings.supportUrl });
  const deviceRows = deviceRowsFrom({ devices, settings });

  // Pages that look a TV code up read its guess budgets in the same round trip as the session.
  app.use(readGuessBudgetsEarly({ limits, accountHint: signIn.accountHint }));
  // Start Watching reads the pairing it approves in that round trip too.
  app.use(prepareDecisionEarly({ pairings }));
  // Every page shows who is signed in: read once per request, here.
  app.use(signIn.load);
  app.use(helpRoutes({ pageContext, settings }));
  app.use(pairingRoutes({ pageContext, csrf, pairings, limits, clock, logger }));
  app.use(signInRoutes({ pageContext, csrf, cookies, accounts, limits, signIn }));
  app.use(resetRequestRoutes({ pageContext, csrf, settings, limits, requests: passwordHelp.requests }));
  app.use(resetRedeemRoutes({ pageContext, csrf, settings, limits, accounts, passwordHelp, signIn, clock }));
  app.use(recoverRoutes({ pageContext, csrf, settings, limits, requests: passwordHelp.requests }));
  app.use(passwordRoutes({ pageContext, csrf, clock, logger, limits, accounts, browserSessions, change: passwordHelp.change }));
  app.use(accountRoutes({ pageContext, csrf, accounts, browserSessions, limits, deviceRows, phoneChanges: passwordHelp.phoneChanges, settings, logger }));
  if (devOutbox) app.use(devOutboxRoutes({ pageContext, devOutbox }));
  app.use(deviceRoutes({ pageContext, csrf, logger, devices, deviceRows }));
}
