import { pino, type Logger } from 'pino';
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

/**
 * One line per finished request, at the level its outcome deserves (debug for success, info for
 * 4xx, error for 5xx), with the path only. Written by hand rather than with pino-http, which
 * builds a child logger (serializers, redaction) for every request before knowing whether its
 * line is logged at all: with successes at debug that was ~17% of a node's CPU on
 * POST /oauth/device_authorization (issue 11's profile), for lines nobody sees at info.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const startedAt = performance.now();
    res.once('close', () => {
      const aborted = !res.writableFinished;
      const status = res.statusCode;
      const level = aborted || status >= 400 ? (status >= 500 ? 'error' : 'info') : 'debug';
      if (!logger.isLevelEnabled(level) || UNLOGGED_PATHS.has(req.path)) return;
      logger[level](
        {
          req: { method: req.method, path: req.originalUrl.split('?')[0], userAgent: req.headers['user-agent'] },
          res: { status },
          responseTime: Math.round(performance.now() - startedAt),
        },
        aborted ? 'request aborted' : status >= 500 ? 'request errored' : 'request completed',
      );
    });
    next();
  };
}
