import type { ErrorId } from '../shared/errors.ts';
import type { PairingState } from '../shared/pairingStates.ts';

// Why a code cannot be confirmed, in words for the person holding the phone. Someone who is not
// signed in always gets the one answer TV-100 ("That code didn't work"), whatever the code's
// state, so guessing codes tells a stranger nothing; the guess limits apply either way. A signed-in
// person typed or scanned a code that exists, and is told which of these it is.

/** What the page knows about the code: nothing (unknown), or its state and who decided it. */
export interface CodeFacts {
  state: PairingState;
  accountId?: string;
  /** Set when the TV said it stopped waiting (went back, reloaded, was switched off). */
  tvLeftAt?: number;
}

export function codeProblem(facts: CodeFacts | null, viewerAccountId: string | null): ErrorId {
  if (!facts || !viewerAccountId) return 'code_not_found';
  if (facts.tvLeftAt) return 'tv_stopped_waiting';
  switch (facts.state) {
    case 'expired':
      return 'code_expired';
    case 'denied':
      return 'code_denied';
    case 'approved':
      return facts.accountId === viewerAccountId ? 'code_approved_by_you' : 'code_approved_elsewhere';
    case 'claimed':
      return facts.accountId === viewerAccountId ? 'tv_already_signed_in' : 'code_approved_elsewhere';
    default:
      return 'code_not_found';
  }
}
