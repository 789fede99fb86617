import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

// What an operator watches, in Prometheus text format at /metrics (see metricsRoutes.ts for who
// may read it). One registry per app, never prom-client's global one: tests build many apps in
// one process. Counters are incremented where the event happens; gauges read live sizes on scrape.

export type PairingOutcome = 'started' | 'scanned' | 'approved' | 'denied' | 'expired' | 'delivered';

export interface LiveSizes {
  waitingTvs(): number;
  signedInTvs(): number;
  webSocketConnections(): number;
}

export interface Metrics {
  readonly registry: Registry;
  pairing(outcome: PairingOutcome): void;
  /** Start Watching (the decision stored) → the token sent on the TV's socket. */
  pushLatency(seconds: number): void;
  redisError(connection: 'commands' | 'subscriber'): void;
  redisReconnect(connection: 'commands' | 'subscriber'): void;
  rateLimitRefused(limit: string): void;
  message(channel: 'email' | 'sms', result: 'sent' | 'failed'): void;
  /** The gauges read these on every scrape. */
  watch(sizes: LiveSizes): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  let sizes: LiveSizes = { waitingTvs: () => 0, signedInTvs: () => 0, webSocketConnections: () => 0 };

  const pairings = new Counter({
    name: 'tv_signin_pairings_total',
    help: 'Pairings by outcome: started (code issued), scanned, approved, denied, expired (an expiry answer given to a TV or poller), delivered (tokens handed to the TV).',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const push = new Histogram({
    name: 'tv_signin_push_latency_seconds',
    help: 'Start Watching (the decision stored) to the token sent on the waiting TV\'s WebSocket.',
    buckets: [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const redisErrors = new Counter({ name: 'tv_signin_redis_errors_total', help: 'Errors reported by a Redis connection.', labelNames: ['connection'], registers: [registry] });
  const redisReconnects = new Counter({ name: 'tv_signin_redis_reconnects_total', help: 'Reconnect attempts of a Redis connection.', labelNames: ['connection'], registers: [registry] });
  const refusals = new Counter({ name: 'tv_signin_rate_limit_refusals_total', help: 'Attempts refused by a rate limit, by limit.', labelNames: ['limit'], registers: [registry] });
  const messages = new Counter({ name: 'tv_signin_messages_total', help: 'Email and text message send attempts, by channel and result.', labelNames: ['channel', 'result'], registers: [registry] });
  new Gauge({ name: 'tv_signin_waiting_tvs', help: 'TVs on this node waiting for their code to be approved.', registers: [registry], collect() { this.set(sizes.waitingTvs()); } });
  new Gauge({ name: 'tv_signin_signed_in_tvs', help: 'Signed-in TVs connected to this node (reachable for remote sign-out).', registers: [registry], collect() { this.set(sizes.signedInTvs()); } });
  new Gauge({ name: 'tv_signin_websocket_connections', help: 'Open TV WebSocket connections on this node.', registers: [registry], collect() { this.set(sizes.webSocketConnections()); } });

  return {
    registry,
    pairing: (outcome) => pairings.inc({ outcome }),
    pushLatency: (seconds) => push.observe(seconds),
    redisError: (connection) => redisErrors.inc({ connection }),
    redisReconnect: (connection) => redisReconnects.inc({ connection }),
    rateLimitRefused: (limit) => refusals.inc({ limit }),
    message: (channel, result) => messages.inc({ channel, result }),
    watch: (live) => (sizes = live),
  };
}
