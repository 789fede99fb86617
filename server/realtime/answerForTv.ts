import type { Collected } from '../pairing/signInCollector.ts';
import type { ServerToTv, TokenResponse } from '../../shared/protocol.ts';
import { ERRORS } from '../../shared/errors.ts';
import { tvError } from './tvError.ts';

// What a waiting TV is told after its pairing was looked at (a claim through signInCollector),
// and whether that answer ends its waiting. Kept apart from the listener bookkeeping so the
// protocol's answers can be read (and changed) in one place.

export interface AnswerForTv {
  message: ServerToTv;
  /** The TV stops waiting on this code: tokens, or a final refusal. */
  final: boolean;
}

export function answerForTv(result: Collected, now: number): AnswerForTv {
  switch (result.outcome) {
    case 'pending':
      return { message: pendingMessage(result.pairing.expiresAt, now), final: false };
    case 'scanned':
    case 'slow_down':
      return { message: { type: 'scanned' }, final: false };
    case 'tokens':
      return { message: tokensMessage(result.tokens), final: true };
    case 'denied':
      return { message: { type: 'denied', code: ERRORS.code_denied.code }, final: true };
    case 'expired':
      return { message: { type: 'expired', code: ERRORS.code_expired.code }, final: true };
    case 'already_claimed':
      return { message: tvError('code_already_used'), final: true };
    case 'unknown':
      return { message: tvError('device_code_invalid'), final: true };
  }
}

/** Signed in: the token response (the TV answers `received`). */
export function tokensMessage(tokens: TokenResponse): ServerToTv {
  return { type: 'approved', ...tokens };
}

/** The code waits for a decision; it is good for this many more seconds. */
export function pendingMessage(expiresAt: number, now: number): ServerToTv {
  return { type: 'pending', expires_in: Math.max(0, Math.ceil((expiresAt - now) / 1000)) };
}
