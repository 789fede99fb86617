import type { TokenResponse } from '../../shared/protocol.ts';
import type { DeviceSessions } from '../devices/deviceSessionStore.ts';
import type { TokenIssuer } from '../tokens/tokenIssuer.ts';
import type { ClaimOptions, ClaimOutcome, Pairing, PairingStore } from './pairingStore.ts';
import type { TokenBoxes } from './tokenBox.ts';
import { unusedSessions, type Minted } from './unusedSessions.ts';
import { sha256Hex } from '../crypto.ts';

// The one place a TV collects its sign-in, over the WebSocket or by polling alike. Start Watching
// stores the sealed token response with the approval (signInApprover.ts), and the claim hands that
// box out. An approval without one (made by a node of an earlier release during a rolling
// deploy) is minted here: the pairing is claimed together with its sealed response; whoever hands that response out
// (the first time, or again to a TV that listens again before saying `received`) first makes
// sure its device session is stored, so a node dying at any point between Start Watching and the
// TV's receipt neither loses the sign-in nor makes a second device session.
//
// On a single Redis, the device session of a freshly minted response is stored while the claim
// runs, in the same round trip (issue 11: Start Watching → token 4 → 3 round trips): both commands
// leave in one write on one connection, so a node dying cannot send one without the other. On a
// Redis Cluster they go to different shards, a failover can hold up the claim alone, and a node
// dying meanwhile would leave a session no box names (seen once in the failover drill): there the
// session is stored after the claim, as before (one more round trip). If the claim then
// hands out another response (another node's claim won, or the approval was not the one the event
// described), the session stored for the unused one is removed again: it was never handed to
// anyone. Saving the same session twice is harmless (the store keeps the first). A claim that
// fails (Redis away, a failover) may or may not have stored its box: once Redis answers, the
// pairing says which, and the sessions of the boxes it does not hold are removed then.

export type Collected =
  /** Tokens for this TV; `again` when an earlier claim minted them and the TV had not confirmed. */
  | { outcome: 'tokens'; tokens: TokenResponse; pairing: Pairing; again: boolean }
  | Exclude<ClaimOutcome, { outcome: 'claimed' | 'redeliver' }>;

export interface SignInCollector {
  collect(deviceCode: string, options: Omit<ClaimOptions, 'seal'>): Promise<Collected>;
}

export function createSignInCollector(deps: {
  pairings: PairingStore;
  tokenIssuer: TokenIssuer;
  deviceSessions: DeviceSessions;
  boxes: TokenBoxes;
  /** True on a single Redis (or the embedded store): see above. */
  storeSessionWhileClaiming: boolean;
}): SignInCollector {
  const { pairings, tokenIssuer, deviceSessions, boxes } = deps;
  const unused = unusedSessions(deviceSessions);

  return {
    async collect(deviceCode, options) {
      /** Every response this call minted (a claim whose approval event was stale mints twice). */
      const minted: Minted[] = [];
      const deviceCodeHash = sha256Hex(deviceCode);
      let result: ClaimOutcome;
      try {
        result = await pairings.claim(deviceCode, {
          ...options,
          seal: async (pairing) => {
            const contents = await tokenIssuer.mintForPairing(pairing);
            const box = boxes.seal(pairing.userCode, deviceCodeHash, contents);
            const saving = deps.storeSessionWhileClaiming ? deviceSessions.save(contents.session, contents.refreshToken) : undefined;
            saving?.catch(() => {});
            minted.push({ box, contents, saving });
            return box;
          },
        });
      } catch (error) {
        unused.discardOnceKnown(() => pairings.storedBox(deviceCode), minted);
        throw error;
      }
      const handedOut = result.outcome === 'claimed' || result.outcome === 'redeliver' ? result.box : undefined;
      await unused.discard(minted, handedOut);
      if (result.outcome !== 'claimed' && result.outcome !== 'redeliver') return result;
      const ours = minted.find(({ box }) => box === result.box);
      const contents = ours?.contents ?? boxes.open(result.pairing.userCode, deviceCodeHash, result.box);
      // A box this device code cannot open is not its sign-in to have: treat it as used.
      if (!contents) return { outcome: 'already_claimed', pairing: result.pairing };
      // Stored while the claim ran, or now (on a Cluster; or another claim's box, handed out again).
      await (ours?.saving ?? deviceSessions.save(contents.session, contents.refreshToken));
      return { outcome: 'tokens', tokens: contents.tokens, pairing: result.pairing, again: result.outcome === 'redeliver' };
    },
  };
}
