import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { TokenResponse } from '../../shared/protocol.ts';
import type { DeviceSession } from '../devices/deviceSessionStore.ts';

// The token response of a claimed pairing, kept in the pairing until the TV says `received`, so
// a TV whose socket (or node) died before the push arrived gets the very same response when it
// listens again. It is sealed with AES-256-GCM under a key derived from the device code, which
// Redis never holds (it keeps only the code's SHA-256): a Redis dump cannot open it, and nobody
// without the device code can be handed it.

export interface TokenBoxContents {
  tokens: TokenResponse;
  /** The device session the tokens belong to; whoever hands the box out makes sure it exists. */
  session: DeviceSession;
  refreshToken: string;
}

const VERSION = 'v1';

function keyFor(deviceCode: string): Buffer {
  return Buffer.from(hkdfSync('sha256', deviceCode, 'tv-signin', 'pairing token box', 32));
}

/** The box as a string for the pairing hash; the user code is authenticated alongside. */
export function sealTokenBox(deviceCode: string, userCode: string, contents: TokenBoxContents): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(deviceCode), iv);
  cipher.setAAD(Buffer.from(userCode));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(contents), 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join('.');
}

/** The contents, or null if the box is not one this device code sealed. */
export function openTokenBox(deviceCode: string, userCode: string, box: string): TokenBoxContents | null {
  const [version, iv, tag, sealed] = box.split('.');
  if (version !== VERSION || !iv || !tag || !sealed) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(deviceCode), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(userCode));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const plain = Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
    return JSON.parse(plain) as TokenBoxContents;
  } catch {
    return null;
  }
}
