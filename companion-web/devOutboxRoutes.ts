import { Router } from 'express';
import type { PageContextOf } from './pageContext.ts';
import type { DevOutbox } from './ports.ts';
import { devOutboxPage } from './pages/devOutbox.ts';

// /dev/outbox: development only (mounted only when the dev outbox is in use, which is never in
// production), so a person trying the product can open reset links and read codes.

export function devOutboxRoutes(deps: { pageContext: PageContextOf; devOutbox: DevOutbox }): Router {
  const router = Router();
  router.get('/dev/outbox', async (req, res) => {
    res.send(devOutboxPage(deps.pageContext(req, res), { entries: await deps.devOutbox.list() }));
  });
  return router;
}
