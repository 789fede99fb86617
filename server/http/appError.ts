import { ERRORS, type ErrorId } from '../../shared/errors.ts';

// The one error type handlers throw for anything a person or client should see. Everything
// else that escapes a handler is a bug and is answered as server_error (TV-500), never leaked.

export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly oauthError: string;
  /** Extra headers for the response, e.g. Retry-After. */
  readonly headers: Record<string, string>;

  constructor(readonly id: ErrorId, options: { detail?: string; headers?: Record<string, string> } = {}) {
    const definition = ERRORS[id];
    super(options.detail ?? definition.message);
    this.name = 'AppError';
    this.status = definition.status;
    this.code = definition.code;
    this.oauthError = definition.oauthError;
    this.headers = options.headers ?? {};
  }
}
