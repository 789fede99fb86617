import type { Logger } from 'pino';
import type { DeviceSessions } from '../devices/deviceSessionStore.ts';
import type { TokenIssuer } from '../tokens/tokenIssuer.ts';
import type { Pairing, PairingForDecision, PairingStore } from './pairingStore.ts';
import type { TokenBoxes } from './tokenBox.ts';
import { unusedSessions, type Minted } from './unusedSessions.ts';

// Start Watching (or refusing) on the phone or computer. An approval is stored together with the
// TV's token response, minted and sealed here, on the node where the button was pressed: the
// approval event then carries the sealed response to the TV's node, which hands it over without
// asking Redis again. Start Watching → token on the TV takes two round trips to Redis (the page's
// reads, then the approval), where minting on the TV's node after the approval took three (issue 11).
//
// The pairing is read ahead, in the same round trip as the browser session (prepare, called by the
// page before it knows who is signed in), because minting needs what the TV asked for (client,
// scope, device name) and sealing needs the pairing's device-code hash. Exactly one response is
// ever stored per approval: the decide script stores it only if the code still waits for a
// decision, so a second Start Watching (another tab, a retry) gets a conflict, and the device
// session minted for it is removed again (unusedSessions.ts).
//
// The device session is stored alongside: on a single Redis in the same write as the approval (as
// the claim did: signInCollector.ts), on a Redis Cluster (another shard) before it, so no box is
// ever handed out whose session was not stored.

export interface PreparedDecision {
  /** `pairing` is the code as it is now (why it failed, when it did). */
  decide(accountId: string): Promise<{ ok: boolean; pairing: Pairing | null }>;
}

export interface SignInApprover {
  /** For an approval, starts reading the pairing at once; the decision is made once the person is known. */
  prepare(userCode: string, decision: 'approved' | 'denied'): PreparedDecision;
}

export function createSignInApprover(deps: {
  pairings: PairingStore;
  tokenIssuer: TokenIssuer;
  deviceSessions: DeviceSessions;
  boxes: TokenBoxes;
  /** True on a single Redis (or the embedded store): the session goes in the approval's write. */
  storeSessionWithApproval: boolean;
  logger: Logger;
}): SignInApprover {
  const { pairings, tokenIssuer, deviceSessions, boxes, logger } = deps;
  const unused = unusedSessions(deviceSessions);

  async function approve(userCode: string, accountId: string, readAhead: Promise<PairingForDecision | null>) {
    const seen = await readAhead;
    // Nothing to mint for a code that cannot be approved: the script says why.
    if (!seen || (seen.pairing.state !== 'pending' && seen.pairing.state !== 'scanned')) return pairings.decide(userCode, 'approved', accountId);
    const contents = await tokenIssuer.mintForPairing({ ...seen.pairing, state: 'approved', accountId });
    const box = boxes.seal(seen.pairing.userCode, seen.deviceCodeHash, contents);
    const save = () => deviceSessions.save(contents.session, contents.refreshToken);
    const saving = save();
    saving.catch(() => {});
    const minted: Minted[] = [{ box, contents, saving }];
    if (!deps.storeSessionWithApproval) await saving;
    let decided: Awaited<ReturnType<PairingStore['decide']>>;
    try {
      decided = await pairings.decide(userCode, 'approved', accountId, box);
    } catch (error) {
      // Stored or not, Redis will say once it answers; the session goes unless its box was.
      unused.discardOnceKnown(async () => (await pairings.readForDecision(userCode))?.tokenBox ?? null, minted);
      throw error;
    }
    if (!decided.ok) {
      await unused.discard(minted, undefined);
      return decided;
    }
    // The approval is stored; its session must be too (saving it again is harmless).
    await saving.catch((error: unknown) => {
      logger.warn({ reason: (error as Error).message, userCode }, 'device session not stored with its approval; storing it again');
      return save();
    });
    return decided;
  }

  return {
    prepare(userCode, decision) {
      if (decision === 'denied') return { decide: (accountId) => pairings.decide(userCode, decision, accountId) };
      const readAhead = pairings.readForDecision(userCode);
      readAhead.catch(() => {});
      return { decide: (accountId) => approve(userCode, accountId, readAhead) };
    },
  };
}
