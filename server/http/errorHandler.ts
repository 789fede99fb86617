import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { AppError } from '../../shared/appError.ts';
import { isRedisDown } from '../store/redisErrors.ts';

// Turns anything thrown into a clear answer with a stable code. Machine paths (/oauth, /api,
// /.well-known) get RFC 6749 §5.2 JSON; pages get an HTML page. Unknown errors are logged and
// answered as TV-500 without details; body-parser failures become 4xx, never 5xx.

export function isMachinePath(path: string): boolean {
  return path.startsWith('/oauth/') || path.startsWith('/api/') || path.startsWith('/.well-known/');
}

function fromBodyParser(error: { type?: string; status?: number }): AppError | null {
  switch (error.type) {
    case 'entity.parse.failed':
      return new AppError('invalid_request', { detail: 'The request body could not be read: it is not valid JSON or form data.' });
    case 'entity.too.large':
      return new AppError('payload_too_large');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('unsupported_media_type');
    default:
      return error.status && error.status >= 400 && error.status < 500 ? new AppError('invalid_request') : null;
  }
}

export function createErrorHandler(options: { logger: Logger; renderPage: (req: Request, error: AppError) => string }) {
  return (thrown: unknown, req: Request, res: Response, _next: NextFunction): void => {
    let error = thrown instanceof AppError ? thrown : fromBodyParser(thrown as { type?: string; status?: number });
    if (!error && isRedisDown(thrown)) {
      // Expected while Redis is away: one short line per request, not a stack trace.
      options.logger.warn({ reason: (thrown as Error).message, path: req.path, method: req.method }, 'redis unavailable; answered 503');
      error = redisUnavailable();
    } else if (!error) {
      options.logger.error({ err: thrown, path: req.path, method: req.method }, 'unhandled error');
      error = new AppError('server_error');
    } else if (error.detail) {
      options.logger.debug({ code: error.code, detail: error.detail, path: req.path, method: req.method }, 'request refused');
    }
    if (res.headersSent) return;
    res.status(error.status).set(error.headers).set('Cache-Control', 'no-store');
    if (isMachinePath(req.path)) {
      res.json({ error: error.oauthError, error_description: error.message, code: error.code });
    } else {
      res.type('html').send(options.renderPage(req, error));
    }
  };
}

/** Seconds a client should wait before trying again while Redis is away. */
export const RETRY_AFTER_SECONDS = 1;

/** 503 TV-503 with Retry-After: Redis is away or too slow; the request may simply be repeated. */
export function redisUnavailable(): AppError {
  return new AppError('service_unavailable', { headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) } });
}
