import { ERRORS, type ErrorId } from '../../shared/errors.ts';
import type { ServerToTv } from '../../shared/protocol.ts';

/** The one shape of an error on the TV's WebSocket: the stable code, the OAuth error and the public text. */
export function tvError(id: ErrorId): ServerToTv {
  const { code, oauthError, message } = ERRORS[id];
  return { type: 'error', code, error: oauthError, message };
}
