// Messages on the TV's WebSocket (/ws/tv). Every message is one JSON object with a `type`.

/** The fields of an OAuth 2.0 token response (RFC 6749 §5.1), as the TV receives them. */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token?: string;
  scope?: string;
}

// TV → server
export interface ListenMessage {
  type: 'listen';
  device_code: string;
}
/** The TV confirms it stored the token, so the phone can say "your TV is signed in". */
export interface ReceivedMessage {
  type: 'received';
}
/**
 * A signed-in TV keeps its socket open and registers it for its device session, so signing the
 * device out on the Account page reaches it at once. Sent after sign-in and on every reconnect.
 */
export interface SessionMessage {
  type: 'session';
  access_token: string;
}
export type TvToServer = ListenMessage | ReceivedMessage | SessionMessage;

// server → TV
export type ServerToTv =
  | { type: 'pending'; expires_in: number }
  | { type: 'scanned' }
  | ({ type: 'approved' } & TokenResponse)
  | { type: 'denied'; code: string }
  | { type: 'expired'; code: string }
  | { type: 'signed_out' }
  /** Answer to a session message: the device is signed in and will hear of a sign-out. */
  | { type: 'session_active' }
  | { type: 'error'; code: string; error: string; message: string };

export const WS_PATH = '/ws/tv';
/** Small on purpose: the TV only sends a device code or one access token per message. */
export const WS_MAX_PAYLOAD_BYTES = 2048;

/** Parses a TV message; null for anything that is not exactly a known message. */
export function parseTvMessage(raw: string): TvToServer | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const msg = value as Record<string, unknown>;
  if (msg.type === 'listen' && typeof msg.device_code === 'string' && msg.device_code.length <= 256) {
    return { type: 'listen', device_code: msg.device_code };
  }
  if (msg.type === 'received') return { type: 'received' };
  if (msg.type === 'session' && typeof msg.access_token === 'string' && msg.access_token.length <= 1800) {
    return { type: 'session', access_token: msg.access_token };
  }
  return null;
}
