import type { TokenResponse } from '../../shared/protocol.ts';
import type { DeviceSessions } from '../devices/deviceSessionStore.ts';
import type { TokenIssuer } from '../tokens/tokenIssuer.ts';
import type { ClaimOptions, ClaimOutcome, Pairing, PairingStore } from './pairingStore.ts';
import { openTokenBox, sealTokenBox, type TokenBoxContents } from './tokenBox.ts';

// The one place a TV collects its sign-in, over the WebSocket or by polling alike. An approved
// pairing is claimed together with its sealed token response; whoever hands that response out
// (the first time, or again to a TV that listens again before saying `received`) first makes
// sure its device session is stored, so a node dying at any point between Start Watching and the
// TV's receipt neither loses the sign-in nor makes a second device session.
//
// The device session of a freshly minted response is stored while the claim runs, in the same
// round trip (issue 11: Start Watching → token 4 → 3 round trips), not after it. If the claim then
// hands out another response (another node's claim won, or the approval was not the one the event
// described), the session stored for the unused one is removed again: it was never handed to
// anyone. Saving the same session twice is harmless (the store keeps the first).

export type Collected =
  /** Tokens for this TV; `again` when an earlier claim minted them and the TV had not confirmed. */
  | { outcome: 'tokens'; tokens: TokenResponse; pairing: Pairing; again: boolean }
  | Exclude<ClaimOutcome, { outcome: 'claimed' | 'redeliver' }>;

export interface SignInCollector {
  collect(deviceCode: string, options: Omit<ClaimOptions, 'seal'>): Promise<Collected>;
}

interface Minted {
  box: string;
  contents: TokenBoxContents;
  /** The device session being stored meanwhile (rejections are handled where it is awaited). */
  saving: Promise<void>;
}

export function createSignInCollector(deps: { pairings: PairingStore; tokenIssuer: TokenIssuer; deviceSessions: DeviceSessions }): SignInCollector {
  const { pairings, tokenIssuer, deviceSessions } = deps;

  /** Removes the device sessions stored for responses that were minted here but not handed out. */
  async function discardUnused(minted: Minted[], handedOut: string | undefined) {
    await Promise.all(minted.filter(({ box }) => box !== handedOut).map(async ({ contents, saving }) => {
      if (await saving.then(() => true, () => false)) await deviceSessions.revoke(contents.session.accountId, contents.session.id);
    }));
  }

  return {
    async collect(deviceCode, options) {
      /** Every response this call minted (a claim whose approval event was stale mints twice). */
      const minted: Minted[] = [];
      // If the claim fails, it may still have stored a box: the sessions are kept (a stored box
      // names one of them), and a TV that listens again is handed that box.
      const result = await pairings.claim(deviceCode, {
        ...options,
        seal: async (pairing) => {
          const contents = await tokenIssuer.mintForPairing(pairing);
          const box = sealTokenBox(deviceCode, pairing.userCode, contents);
          const saving = deviceSessions.save(contents.session, contents.refreshToken);
          saving.catch(() => {});
          minted.push({ box, contents, saving });
          return box;
        },
      });
      const handedOut = result.outcome === 'claimed' || result.outcome === 'redeliver' ? result.box : undefined;
      await discardUnused(minted, handedOut);
      if (result.outcome !== 'claimed' && result.outcome !== 'redeliver') return result;
      const ours = minted.find(({ box }) => box === result.box);
      const contents = ours?.contents ?? openTokenBox(deviceCode, result.pairing.userCode, result.box);
      // A box this device code cannot open is not its sign-in to have: treat it as used.
      if (!contents) return { outcome: 'already_claimed', pairing: result.pairing };
      // Stored while the claim ran (ours), or stored again now (another claim's, handed out again).
      await (ours?.saving ?? deviceSessions.save(contents.session, contents.refreshToken));
      return { outcome: 'tokens', tokens: contents.tokens, pairing: result.pairing, again: result.outcome === 'redeliver' };
    },
  };
}
