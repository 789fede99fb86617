import { Router } from 'express';
import type { AppContext } from '../server/context.ts';
import type { DevOutbox } from '../server/notify/devOutbox.ts';
import { pageContextFor, wrap } from './requestHelpers.ts';
import { devOutboxPage } from './pages/devOutbox.ts';

// /dev/outbox: development only (createApp mounts it only when the dev outbox is in use and
// never in production), so a person trying the product can open reset links and read codes.

export function devOutboxRoutes(context: AppContext, outbox: DevOutbox): Router {
  const page = pageContextFor(context);
  const router = Router();
  router.get(
    '/dev/outbox',
    wrap(async (req, res) => {
      res.send(devOutboxPage(page(req, res), { entries: await outbox.list() }));
    }),
  );
  return router;
}
