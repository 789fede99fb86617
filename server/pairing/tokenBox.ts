import type { TokenResponse } from '../../shared/protocol.ts';
import type { DeviceSession } from '../devices/deviceSessionStore.ts';
import { seal, unseal } from '../crypto.ts';

// The token response of a claimed pairing, kept in the pairing until the TV says `received`, so
// a TV whose socket (or node) died before the push arrived gets the very same response when it
// listens again. It is sealed (AES-256-GCM) under a key derived from the device code, which Redis
// never holds (it keeps only the code's SHA-256): a Redis dump cannot open it, and nobody without
// the device code can be handed it.

export interface TokenBoxContents {
  tokens: TokenResponse;
  /** The device session the tokens belong to; whoever hands the box out makes sure it exists. */
  session: DeviceSession;
  refreshToken: string;
}

const PURPOSE = 'pairing token box';

/** The box as a string for the pairing hash; the user code is authenticated alongside. */
export function sealTokenBox(deviceCode: string, userCode: string, contents: TokenBoxContents): string {
  return seal(deviceCode, PURPOSE, userCode, JSON.stringify(contents));
}

/** The contents, or null if the box is not one this device code sealed. */
export function openTokenBox(deviceCode: string, userCode: string, box: string): TokenBoxContents | null {
  const plain = unseal(deviceCode, PURPOSE, userCode, box);
  return plain === null ? null : (JSON.parse(plain) as TokenBoxContents);
}
