import fc from 'fast-check';

// What the fuzz sends: values people, browsers and attackers send. Every string that could be
// shown back carries a marker with a raw "<" (MARKER), so a page that reflects input unescaped
// is caught by looking for the marker in the answer.

export const MARKER = '<x-fuzz>';

/** Field names the product reads, plus a few it does not. */
export const FIELD_NAMES = [
  'code', 'decision', 'login', 'password', 'next', 'email', 'phone', 'token', 'firstName', 'lastName', 'card',
  'current', 'new', 'confirm', 'signOutDevices', 'profileId', 'deviceId', 'lang', 'method', 'changed', 'cleared',
  'client_id', 'device_name', 'device_model', 'scope', 'grant_type', 'device_code', 'refresh_token', 'token_type_hint',
  '__proto__', 'constructor', 'x',
];

const nasty = fc.constantFrom(
  '', ' ', '0', '-1', '1e309', 'NaN', 'null', 'undefined', 'true', '[]', '{}', '%00', '\u0000', '\uffff', '\ud800',
  '../../etc/passwd', '//evil.example', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)',
  `"><script>alert(1)</script>${MARKER}`, `'${MARKER}`, `${MARKER}" onmouseover="x`, 'BCDF-GHJK', 'bcdfghjk', 'BCDFGHJK',
  'demo@example.com', '+46701234567', '123456', 'a'.repeat(300), 'x'.repeat(5000), '\r\nSet-Cookie: evil=1',
  'tv', 'urn:ietf:params:oauth:grant-type:device_code', 'refresh_token', 'approve', 'deny', 'sms', 'email',
);

/** A text value: nasty constants, arbitrary Unicode, or either with the marker around it. */
export const textValue = fc.oneof(
  nasty,
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ maxLength: 20 }).map((s) => `${s}${MARKER}${s}`),
);

/** What a form or JSON body field may hold: text mostly, sometimes arrays or objects (qs-style). */
export const fieldValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: textValue },
  { weight: 1, arbitrary: fc.array(textValue, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('$gt', 'a', '0'), textValue, { maxKeys: 2 }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null)) },
);

export const fields = fc.dictionary(fc.constantFrom(...FIELD_NAMES), fieldValue, { maxKeys: 6 });

export type BodyKind = 'form' | 'json' | 'garbage' | 'none';

export const httpCase = fc.record({
  query: fc.dictionary(fc.constantFrom(...FIELD_NAMES), textValue, { maxKeys: 4 }),
  body: fields,
  bodyKind: fc.constantFrom<BodyKind>('form', 'form', 'json', 'garbage', 'none'),
  garbage: fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom('{"a":', '\u0000\u0001', 'a=%E0%A4%A', `${'a=1&'.repeat(100)}`)),
  /** The browser is signed in, and sends a valid CSRF token (or not). */
  signedIn: fc.boolean(),
  validCsrf: fc.boolean(),
  pathParam: textValue,
  headers: fc.record({
    origin: fc.option(fc.constantFrom('https://evil.example', 'null'), { nil: undefined }),
    acceptLanguage: fc.option(fc.constantFrom('sv', 'nl', 'xx', '*', 'sv;q=abc'), { nil: undefined }),
    authorization: fc.option(fc.oneof(textValue.map((t) => `Bearer ${t}`), fc.constantFrom('Basic Og==', 'Bearer')), { nil: undefined }),
  }),
});

/** TV WebSocket messages: well-formed ones with fuzzed fields, arbitrary JSON, and raw text. */
export const wsMessage = fc.oneof(
  fc.record({ type: fc.constantFrom('listen', 'session', 'received', 'LISTEN', 'x'), device_code: fieldValue, access_token: fieldValue }, { requiredKeys: ['type'] }).map((m) => JSON.stringify(m)),
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 100 }),
  fc.constantFrom('', 'null', '[]', '{"type":"listen","device_code":"BCDFGHJK.' + 'A'.repeat(43) + '"}', '{"type":"listen"}', '"' + 'x'.repeat(3000) + '"'),
);
