import type { TokenResponse } from '../../shared/protocol.ts';
import type { DeviceSession } from '../devices/deviceSessionStore.ts';
import { seal, unseal } from '../crypto.ts';

// The token response of an approved pairing, kept in the pairing until the TV says `received`, so
// a TV whose socket (or node) died before the push arrived gets the very same response when it
// listens again. It is sealed (AES-256-GCM) under a key derived from the server's secret, with the
// pairing's user code and device-code hash authenticated alongside: a Redis dump (or anyone
// reading the pub/sub event that carries it) cannot open it, and a box cannot be moved to another
// pairing or opened by a listener whose device code is not this pairing's.
//
// The server's key, not the device code: the box is sealed where Start Watching is pressed (the
// phone's node, which never sees the device code), so the approval and its tokens are stored in
// one step and pushed to the TV without another round trip (signInApprover.ts, issue 11).

export interface TokenBoxContents {
  tokens: TokenResponse;
  /** The device session the tokens belong to; whoever hands the box out makes sure it exists. */
  session: DeviceSession;
  refreshToken: string;
}

export interface TokenBoxes {
  /** The box as a string for the pairing hash. */
  seal(userCode: string, deviceCodeHash: string, contents: TokenBoxContents): string;
  /** The contents, or null if the box was not sealed for this pairing (or not by this server). */
  open(userCode: string, deviceCodeHash: string, box: string): TokenBoxContents | null;
}

const PURPOSE = 'pairing token box v2';

export function createTokenBoxes(secret: string): TokenBoxes {
  const context = (userCode: string, deviceCodeHash: string) => `${userCode}.${deviceCodeHash}`;
  return {
    seal: (userCode, deviceCodeHash, contents) => seal(secret, PURPOSE, context(userCode, deviceCodeHash), JSON.stringify(contents)),
    open(userCode, deviceCodeHash, box) {
      const plain = unseal(secret, PURPOSE, context(userCode, deviceCodeHash), box);
      return plain === null ? null : (JSON.parse(plain) as TokenBoxContents);
    },
  };
}
