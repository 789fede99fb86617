import { Router } from 'express';
import type { RedisClient } from '../store/redisClient.ts';
import type { MessageBus } from '../realtime/messageBus.ts';

// What a load balancer or orchestrator asks.
// GET /healthz: the process answers (liveness: restart it if this fails).
// GET /readyz: send this node traffic. 200 only when Redis answers commands, every pub/sub channel
// of this node is confirmed (else a TV listening here would never hear its approval) and the TV
// app bundle is built; otherwise 503 with the reasons in JSON.

const REDIS_PING_TIMEOUT_MS = 1000;

export interface ReadinessDeps {
  redis: RedisClient;
  bus: MessageBus;
  tvBundleBuilt: () => boolean;
  /** starting: app.start() is not done (e.g. the demo account); draining: SIGTERM, leaving. */
  lifecycle: () => 'starting' | 'serving' | 'draining';
}

export interface Readiness {
  ready: boolean;
  checks: { redis: boolean; subscriptions: boolean; tvApp: boolean; serving: boolean };
  reasons: string[];
}

export async function checkReadiness(deps: ReadinessDeps): Promise<Readiness> {
  const checks = { redis: await redisAnswers(deps.redis), subscriptions: deps.bus.isReady(), tvApp: deps.tvBundleBuilt(), serving: deps.lifecycle() === 'serving' };
  const reasons: string[] = [];
  if (!checks.redis) reasons.push(`Redis did not answer PING within ${REDIS_PING_TIMEOUT_MS} ms`);
  if (!checks.subscriptions) reasons.push('pub/sub subscriptions are not confirmed (pushes to TVs on this node would be lost)');
  if (!checks.tvApp) reasons.push('the TV app bundle is not built yet');
  if (deps.lifecycle() === 'starting') reasons.push('the node is still starting');
  if (deps.lifecycle() === 'draining') reasons.push('the node is draining (shutting down): send traffic elsewhere');
  return { ready: reasons.length === 0, checks, reasons };
}

async function redisAnswers(redis: RedisClient): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), REDIS_PING_TIMEOUT_MS)));
  try {
    return await Promise.race([redis.ping().then((reply) => reply === 'PONG', () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(deps: ReadinessDeps): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const readiness = await checkReadiness(deps);
    res
      .status(readiness.ready ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({ status: readiness.ready ? 'ready' : 'not_ready', checks: readiness.checks, ...(readiness.ready ? {} : { reason: readiness.reasons.join('; ') }) });
  });
  return router;
}
