import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { PairingStore } from '../pairing/pairingStore.ts';
import { LeaveRequest } from '../contracts/httpSchemas.ts';

// POST /api/tv/leave: the TV stopped waiting for its code (the viewer went back, the page was
// reloaded or closed). Sent with fetch keepalive from `pagehide`, so it must be a simple request:
// a form body with device_code. The code can then no longer be approved, and a phone that tries
// is told the TV stopped waiting (TV-112) instead of approving a sign-in nobody will collect.
// Only the secret device_code ends a code, and the answer is the same 204 whatever was sent.

export function leaveCodeRoutes(deps: { pairings: Pick<PairingStore, 'leave'>; logger: Logger }): Router {
  const { pairings, logger } = deps;
  const router = Router();
  router.post('/api/tv/leave', async (req: Request, res: Response) => {
    const parsed = LeaveRequest.shape.device_code.safeParse((req.body as Record<string, unknown> | undefined)?.device_code);
    if (!parsed.success) {
      res.status(204).end();
      return;
    }
    const deviceCode = parsed.data;
    if (await pairings.leave(deviceCode)) logger.info({ userCode: deviceCode.split('.')[0] }, 'tv stopped waiting for its code');
    res.status(204).end();
  });
  return router;
}
