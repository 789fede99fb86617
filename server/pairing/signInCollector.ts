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

export type Collected =
  /** Tokens for this TV; `again` when an earlier claim minted them and the TV had not confirmed. */
  | { outcome: 'tokens'; tokens: TokenResponse; pairing: Pairing; again: boolean }
  | Exclude<ClaimOutcome, { outcome: 'claimed' | 'redeliver' }>;

export interface SignInCollector {
  collect(deviceCode: string, options: Omit<ClaimOptions, 'seal'>): Promise<Collected>;
}

export function createSignInCollector(deps: { pairings: PairingStore; tokenIssuer: TokenIssuer; deviceSessions: DeviceSessions }): SignInCollector {
  const { pairings, tokenIssuer, deviceSessions } = deps;
  return {
    async collect(deviceCode, options) {
      /** What this call minted last, so a box it stored itself need not be opened again. */
      let minted: { box: string; contents: TokenBoxContents } | undefined;
      const result = await pairings.claim(deviceCode, {
        ...options,
        seal: async (pairing) => {
          const contents = await tokenIssuer.mintForPairing(pairing);
          minted = { box: sealTokenBox(deviceCode, pairing.userCode, contents), contents };
          return minted.box;
        },
      });
      if (result.outcome !== 'claimed' && result.outcome !== 'redeliver') return result;
      const contents = result.outcome === 'claimed' && minted?.box === result.box ? minted.contents : openTokenBox(deviceCode, result.pairing.userCode, result.box);
      // A box this device code cannot open is not its sign-in to have: treat it as used.
      if (!contents) return { outcome: 'already_claimed', pairing: result.pairing };
      await deviceSessions.save(contents.session, contents.refreshToken);
      return { outcome: 'tokens', tokens: contents.tokens, pairing: result.pairing, again: result.outcome === 'redeliver' };
    },
  };
}
