import type { z } from 'zod';
import { ListenMessageSchema, ReceivedMessageSchema, SERVER_TO_TV_SCHEMAS, SessionMessageSchema, StartMessageSchema } from '../../shared/protocol.ts';
import { WS_MAX_PAYLOAD_BYTES, WS_PATH } from '../../shared/wsEndpoint.ts';
import { errorCatalogue, jsonSchema } from './jsonSchema.ts';

// /asyncapi.json: the TV's WebSocket (/ws/tv) as AsyncAPI 3.0, generated from the zod schemas in
// shared/protocol.ts, the ones the server parses every TV message with.

const TV_TO_SERVER: Record<string, z.ZodType> = { start: StartMessageSchema, listen: ListenMessageSchema, received: ReceivedMessageSchema, session: SessionMessageSchema };

function message(name: string, schema: z.ZodType) {
  const payload = jsonSchema(schema, 'output', 'draft-7');
  return { name, title: name, summary: String(payload.description ?? ''), contentType: 'application/json', payload };
}

export function asyncApiDocument(publicUrl: string) {
  const url = new URL(publicUrl);
  const messages = {
    ...Object.fromEntries(Object.entries(TV_TO_SERVER).map(([name, schema]) => [name, message(name, schema)])),
    ...Object.fromEntries(Object.entries(SERVER_TO_TV_SCHEMAS).map(([name, schema]) => [name, message(name, schema)])),
  };
  const channelMessages = Object.fromEntries(Object.keys(messages).map((name) => [name, { $ref: `#/components/messages/${name}` }]));
  const operation = (action: 'send' | 'receive', names: string[], summary: string) => ({
    action,
    summary,
    channel: { $ref: '#/channels/tv' },
    messages: names.map((name) => ({ $ref: `#/channels/tv/messages/${name}` })),
  });
  return {
    asyncapi: '3.0.0',
    info: {
      title: `TV sign-in: the TV WebSocket (${WS_PATH})`,
      version: '1',
      description:
        `A TV opens ${WS_PATH} and sends \`start\` (the fields of POST /oauth/device_authorization) to get its code as \`code\`, after which ` +
        `the socket listens for it; or, with a code from POST /oauth/device_authorization (see /openapi.json), it sends \`listen\` with its device_code. ` +
        `The server answers with the pairing's state at once (\`pending\`, or the current one) and then pushes every change; \`approved\` carries the ` +
        `OAuth token response, which the TV acknowledges with \`received\`. A signed-in TV may keep the socket and send \`session\` with its ` +
        `access token to hear \`signed_out\` at once. Each message is one JSON object with a \`type\`, at most ${WS_MAX_PAYLOAD_BYTES} bytes; ` +
        `a message the server cannot read gets \`error\` with TV-110. Reconnect with backoff and \`listen\` again with the same device_code: ` +
        `the state is kept in the server, not in the socket.`,
    },
    servers: {
      tv: {
        host: url.host,
        protocol: url.protocol === 'https:' ? 'wss' : 'ws',
        description: 'The server the TV got its code from.',
      },
    },
    channels: {
      tv: {
        address: WS_PATH,
        title: 'The TV socket',
        servers: [{ $ref: '#/servers/tv' }],
        messages: channelMessages,
      },
    },
    operations: {
      tvSends: operation('receive', Object.keys(TV_TO_SERVER), 'What the TV sends; the server receives.'),
      serverPushes: operation('send', Object.keys(SERVER_TO_TV_SCHEMAS), 'What the server sends to the TV.'),
    },
    components: { messages },
    'x-tv-error-codes': errorCatalogue(publicUrl),
  };
}
