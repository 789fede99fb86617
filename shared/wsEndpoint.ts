// Where the TV's WebSocket is and how big its messages may be. Kept apart from protocol.ts, whose
// zod schemas the TV app must not bundle (zod would multiply its size; the TV needs only types).

export const WS_PATH = '/ws/tv';
/** Small on purpose: the TV only sends a device code or one access token per message. */
export const WS_MAX_PAYLOAD_BYTES = 2048;
