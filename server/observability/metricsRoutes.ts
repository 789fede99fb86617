import { Router, type Request } from 'express';
import { timingSafeEqual } from 'node:crypto';
import type { Metrics } from './metrics.ts';

// GET /metrics on the main port, unless METRICS_PORT gives it a port of its own (main.ts; then it
// is not on the main port at all). With METRICS_TOKEN it needs "Authorization: Bearer <token>".
// In production without a token it is off: pairing counts are nobody's business on the internet.

export type MetricsAccess = { mode: 'off' } | { mode: 'open' } | { mode: 'token'; token: string };

export function metricsRoutes(metrics: Metrics, access: MetricsAccess): Router {
  const router = Router();
  if (access.mode === 'off') return router;
  router.get('/metrics', async (req, res) => {
    if (access.mode === 'token' && !bearerMatches(req, access.token)) {
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'unauthorized', error_description: 'Metrics need the operator token (METRICS_TOKEN).' });
      return;
    }
    res.set('Cache-Control', 'no-store').type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}

function bearerMatches(req: Request, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
