import { pino, type LevelWithSilent, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import pretty from 'pino-pretty';
import type { RequestHandler } from 'express';

// The process's logger and its request log. Secrets never reach the log, even by accident: the
// redactions below, and request lines carry the path only (a query string can hold a reset-link
// token or a code). Development gets readable lines (pino-pretty), production one JSON object a line.

const REDACT = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.device_code', '*.access_token', '*.refresh_token'];

export function createLogger(options: { level: string; format: 'pretty' | 'json' }): Logger {
  const settings = { level: options.level, redact: REDACT };
  if (options.format === 'json') return pino(settings);
  // A stream in this thread, not a pino transport: a transport's worker thread inherits the
  // process's --import flags (the benchmark's probe, a profiler) and can die on them.
  return pino(settings, pretty({ translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname', sync: true }));
}

/** Probes answer several times a second; logging each would bury everything else. */
const UNLOGGED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

export function requestLog(logger: Logger): RequestHandler {
  return pinoHttp({
    // pino-http's types want a logger typed with its custom levels; ours has the standard ones.
    logger: logger as unknown as Logger<LevelWithSilent>,
    autoLogging: { ignore: (req) => UNLOGGED_PATHS.has((req.url ?? '').split('?')[0]!) },
    customLogLevel: (_req, res, error): LevelWithSilent => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug'),
    serializers: {
      req: (req: { method: string; url: string; headers: Record<string, string> }) => ({ method: req.method, path: req.url.split('?')[0], userAgent: req.headers['user-agent'] }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
  });
}
