import type { DeviceSessions } from '../devices/deviceSessionStore.ts';
import type { TokenBoxContents } from './tokenBox.ts';

// Device sessions stored for token responses that were minted but never handed out: a claim or
// an approval that lost its race, or whose Redis call failed without saying whether it stored its
// box. They must go again (nobody holds their tokens, yet the account's devices page would list
// them). Used by signInCollector.ts (the TV's claim) and signInApprover.ts (Start Watching).

export interface Minted {
  box: string;
  contents: TokenBoxContents;
  /** The device session being stored (rejections are handled where it is awaited). */
  saving?: Promise<void>;
}

/** After a failed call, how often and how long to ask which box the pairing holds. */
const RECONCILE_EVERY_MS = 1_000;
const RECONCILE_ATTEMPTS = 60;

export interface UnusedSessions {
  /** Removes the sessions stored for every minted response but `handedOut`. */
  discard(minted: Minted[], handedOut: string | undefined): Promise<void>;
  /**
   * After a call that failed: asks `storedBox` which box the pairing holds, every second until
   * Redis answers (for up to a minute), and removes the sessions of the others. By then the failed
   * call itself is over (its command timed out or its connection was dropped before the read).
   */
  discardOnceKnown(storedBox: () => Promise<string | null>, minted: Minted[]): void;
}

export function unusedSessions(deviceSessions: Pick<DeviceSessions, 'revoke'>): UnusedSessions {
  async function discard(minted: Minted[], handedOut: string | undefined) {
    await Promise.all(minted.filter(({ box }) => box !== handedOut).map(async ({ contents, saving }) => {
      if (saving && (await saving.then(() => true, () => false))) await deviceSessions.revoke(contents.session.accountId, contents.session.id);
    }));
  }

  async function discardOnceKnown(storedBox: () => Promise<string | null>, minted: Minted[]) {
    for (let attempt = 0; attempt < RECONCILE_ATTEMPTS; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, RECONCILE_EVERY_MS).unref());
      try {
        await discard(minted, (await storedBox()) ?? undefined);
        return;
      } catch {
        // Redis still away: ask again.
      }
    }
  }

  return {
    discard,
    discardOnceKnown(storedBox, minted) {
      if (minted.some(({ saving }) => saving)) void discardOnceKnown(storedBox, minted);
    },
  };
}
