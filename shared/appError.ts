import { ERRORS, type ErrorId } from './errors.ts';

// The one error type handlers throw for anything a person or client should see. Everything
// else that escapes a handler is a bug and is answered as server_error (TV-500), never leaked.
// Public text and internal detail are kept apart: `message` is always the catalogue's text (what
// goes out as error_description), `detail` says what exactly was wrong and only reaches the log.

export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly oauthError: string;
  /** Extra headers for the response, e.g. Retry-After. */
  readonly headers: Record<string, string>;
  /** What exactly was wrong, for the log (e.g. which parameter); never sent. */
  readonly detail: string | undefined;

  constructor(readonly id: ErrorId, options: { detail?: string; headers?: Record<string, string> } = {}) {
    const definition = ERRORS[id];
    super(definition.message);
    this.name = 'AppError';
    this.status = definition.status;
    this.code = definition.code;
    this.oauthError = definition.oauthError;
    this.headers = options.headers ?? {};
    this.detail = options.detail;
  }
}
