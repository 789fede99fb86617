import { z } from 'zod';

// Messages on the TV's WebSocket (/ws/tv). Every message is one JSON object with a `type`.
// The schemas below are the protocol: the server validates what a TV sends with them
// (parseTvMessage), the types are inferred from them, and /asyncapi.json is generated from them
// (server/contracts/asyncapi.ts), so the published contract and the server cannot drift apart.
// The TV app imports only types from here (its bundle must not carry zod; test/unit/tvBundle.test.ts).

export { WS_MAX_PAYLOAD_BYTES, WS_PATH } from './wsEndpoint.ts';

/** The fields of an OAuth 2.0 token response (RFC 6749 §5.1), as the TV receives them. */
export const TokenResponseSchema = z
  .object({
    access_token: z.string().meta({ description: 'JWT (EdDSA), verifiable with /.well-known/jwks.json' }),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int().positive().meta({ description: 'seconds' }),
    refresh_token: z.string().optional(),
    scope: z.string().optional(),
  })
  .meta({ description: 'An OAuth 2.0 token response (RFC 6749 §5.1).' });
export type TokenResponse = z.infer<typeof TokenResponseSchema>;

// TV → server
export const StartMessageSchema = z
  .object({
    type: z.literal('start'),
    client_id: z.string().max(256),
    scope: z.string().max(256).optional(),
    device_name: z.string().max(256).optional(),
    device_model: z.string().max(256).optional(),
  })
  .meta({ description:
      'Ask for a code on this socket, with the fields of POST /oauth/device_authorization (same checks, same per-address limit). The answer is `code`, and the socket then listens for it (`pending` follows): one connection per TV instead of two.',
  });
export const ListenMessageSchema = z
  .object({ type: z.literal('listen'), device_code: z.string().max(256) })
  .meta({ description: 'Wait for the result of this device code (from POST /oauth/device_authorization).' });
export const ReceivedMessageSchema = z
  .object({ type: z.literal('received') })
  .meta({ description: 'The TV stored its tokens, so the phone can say "your TV is signed in".' });
export const SessionMessageSchema = z
  .object({ type: z.literal('session'), access_token: z.string().max(1800) })
  .meta({ description:
      'A signed-in TV keeps its socket open and registers it for its device session, so signing the device out on the Account page reaches it at once. Sent after sign-in and on every reconnect.',
  });
export const TvToServerSchema = z.discriminatedUnion('type', [StartMessageSchema, ListenMessageSchema, ReceivedMessageSchema, SessionMessageSchema]);
export type StartMessage = z.infer<typeof StartMessageSchema>;
export type ListenMessage = z.infer<typeof ListenMessageSchema>;
export type ReceivedMessage = z.infer<typeof ReceivedMessageSchema>;
export type SessionMessage = z.infer<typeof SessionMessageSchema>;
export type TvToServer = z.infer<typeof TvToServerSchema>;

// server → TV
const tvCode = z.string().regex(/^TV-\d{3}$/).meta({ description: 'a stable TV code (see the error catalogue)' });
export const SERVER_TO_TV_SCHEMAS = {
  code: z
    .object({
      type: z.literal('code'),
      device_code: z.string().meta({ description: 'secret: keep it on the device; `listen` with it again after a reconnect' }),
      user_code: z.string().meta({ description: 'show it on screen' }),
      verification_uri: z.string().meta({ description: 'where a person types the code' }),
      verification_uri_complete: z.string().meta({ description: 'the same with the code filled in: put it in a QR code' }),
      expires_in: z.number().int().meta({ description: 'seconds' }),
      interval: z.number().int().meta({ description: 'seconds between polls, for a TV that polls instead (RFC 8628 §3.5)' }),
    })
    .meta({ description: 'Answer to `start`: the code (as POST /oauth/device_authorization answers it); the socket now listens for it.' }),
  pending: z.object({ type: z.literal('pending'), expires_in: z.number().int().meta({ description: 'seconds until the code expires' }) }).meta({ description: 'Waiting for the phone.' }),
  scanned: z.object({ type: z.literal('scanned') }).meta({ description: 'Someone opened the code on a phone or computer.' }),
  approved: TokenResponseSchema.extend({ type: z.literal('approved') }).meta({ description: 'Signed in: the token response. Answer with `received`.' }),
  denied: z.object({ type: z.literal('denied'), code: tvCode }).meta({ description: 'The sign-in was refused on the phone.' }),
  expired: z.object({ type: z.literal('expired'), code: tvCode }).meta({ description: 'The code expired: ask for a new one.' }),
  signed_out: z.object({ type: z.literal('signed_out') }).meta({ description: 'This device was signed out (Account page, password change, revocation).' }),
  session_active: z.object({ type: z.literal('session_active') }).meta({ description: 'Answer to `session`: the device is signed in and will hear of a sign-out.' }),
  error: z
    .object({ type: z.literal('error'), code: tvCode, error: z.string().meta({ description: 'the OAuth error string' }), message: z.string() })
    .meta({ description: 'Something went wrong; `code` is from the error catalogue.' }),
} as const;
export const ServerToTvSchema = z.discriminatedUnion('type', Object.values(SERVER_TO_TV_SCHEMAS) as [
  (typeof SERVER_TO_TV_SCHEMAS)['pending'],
  ...(typeof SERVER_TO_TV_SCHEMAS)[keyof typeof SERVER_TO_TV_SCHEMAS][],
]);
export type ServerToTv = { [K in keyof typeof SERVER_TO_TV_SCHEMAS]: z.infer<(typeof SERVER_TO_TV_SCHEMAS)[K]> }[keyof typeof SERVER_TO_TV_SCHEMAS];

/** Parses a TV message; null for anything that is not exactly a known message. */
export function parseTvMessage(raw: string): TvToServer | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = TvToServerSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
