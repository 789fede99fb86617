import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { AppError } from '../../shared/appError.ts';

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
    if (!error) {
      options.logger.error({ err: thrown, path: req.path, method: req.method }, 'unhandled error');
      error = new AppError(isRedisDown(thrown) ? 'service_unavailable' : 'server_error');
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

function isRedisDown(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name ?? '';
  const message = (error as { message?: string } | null)?.message ?? '';
  return name === 'MaxRetriesPerRequestError' || /Connection is closed|ECONNREFUSED|Stream isn't writeable/.test(message);
}
