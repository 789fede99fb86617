import { z } from 'zod';
import { ERRORS } from '../../shared/errors.ts';
import { formatUserCode } from '../../shared/userCode.ts';
import { MAX_PASSWORD_LENGTH } from '../accounts/accountStore.ts';
import { DEFAULT_SCOPE } from '../oauth/clients.ts';

// What the HTTP API for TVs receives and answers, as zod schemas. The handlers validate what
// they receive with the request schemas (fields one by one, in the order they always checked
// them), and /openapi.json is generated from the same schemas (openapi.ts), so the published
// contract and the server cannot drift apart. Error messages are the `detail` of the answer.

/** Control characters would only garble the confirmation page. */
const withoutControlCharacters = (text: string) => text.replace(/[\u0000-\u001f\u007f]/g, '').trim();

/** RFC 6749 §3.2: every OAuth form parameter at most once, as text (a repeated one arrives as an array). */
export function formValue(name: string) {
  return z.string(`${name} must be given once, as text.`).max(4096, `${name} must be given once, as text.`);
}

const clientId = z.string().meta({ description: 'a registered client id (`CLIENTS`), e.g. `tv`' });

function deviceText(name: string) {
  const message = `${name} must be text of at most 64 characters.`;
  return z.string(message).max(64, message).transform(withoutControlCharacters);
}

const SCOPE_TOKENS = /^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/;

export const DeviceAuthorizationRequest = z
  .object({
    client_id: clientId,
    scope: z
      .string('scope must be text of at most 200 characters.')
      .max(200, 'scope must be text of at most 200 characters.')
      .transform((scope) => withoutControlCharacters(scope) || DEFAULT_SCOPE)
      .pipe(z.string().regex(SCOPE_TOKENS, 'scope must be space-separated scope tokens (RFC 6749 §3.3).'))
      .optional()
      .meta({ description: `space-separated scopes; default \`${DEFAULT_SCOPE}\`` }),
    device_name: deviceText('device_name').optional().meta({ description: 'shown to the person on the confirmation page, e.g. "Living room"' }),
    device_model: deviceText('device_model').optional().meta({ description: 'shown on the confirmation page and the Account page, e.g. "Bravia XR-55"' }),
  })
  .meta({ description: 'RFC 8628 §3.1 device authorization request.' });

export const DeviceAuthorizationResponse = z
  .object({
    device_code: z.string().meta({ description: 'secret: keep it on the device; `listen` with it on /ws/tv or poll /oauth/token' }),
    user_code: z.string().regex(/^[A-Z]{4}-[A-Z]{4}$/).meta({ description: `show it on screen, e.g. ${formatUserCode('BCDFGHJK')}` }),
    verification_uri: z.string().meta({ description: 'where a person types the code' }),
    verification_uri_complete: z.string().meta({ description: 'the same with the code filled in: put it in a QR code' }),
    expires_in: z.number().int().meta({ description: 'seconds' }),
    interval: z.number().int().meta({ description: 'seconds between polls (RFC 8628 §3.5)' }),
  })
  .meta({ description: 'RFC 8628 §3.2 device authorization response.' });

export const DEVICE_CODE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';

export const DeviceCodeTokenRequest = z
  .object({ grant_type: z.literal(DEVICE_CODE_GRANT_TYPE), device_code: formValue('device_code'), client_id: clientId })
  .meta({ description: 'RFC 8628 §3.4: poll for the tokens (a TV on /ws/tv need not).' });
export const RefreshTokenRequest = z
  .object({ grant_type: z.literal('refresh_token'), refresh_token: formValue('refresh_token'), client_id: clientId, scope: formValue('scope').optional() })
  .meta({ description: 'RFC 6749 §6: new tokens; the refresh token is rotated (use the new one; reusing an old one signs the device out).' });
export const TokenRequest = z.union([DeviceCodeTokenRequest, RefreshTokenRequest]);

export const RevocationRequest = z
  .object({ token: formValue('token'), token_type_hint: formValue('token_type_hint').optional(), client_id: clientId })
  .meta({ description: 'RFC 7009: revoking either token signs the device out.' });

export const LeaveRequest = z
  .object({ device_code: z.string().meta({ description: 'the code the TV stops waiting for' }) })
  .meta({ description: 'The TV stopped waiting for its code (the viewer went back or closed the app): the code can no longer be approved.' });

function signInText(name: string, maxLength: number) {
  const message = `${name} must be text of 1 to ${maxLength} characters.`;
  return z.string(message).min(1, message).max(maxLength, message);
}

export const RemoteSignInRequest = z
  .object({
    client_id: clientId,
    login: signInText('login', 254).meta({ description: 'email or phone number' }),
    password: signInText('password', MAX_PASSWORD_LENGTH),
    device_name: signInText('device_name', 64).optional(),
    device_model: signInText('device_model', 64).optional(),
  })
  .meta({ description: 'Sign in with the remote: login and password typed on the TV. JSON only.' });

const Profile = z.object({ id: z.string(), name: z.string(), kids: z.boolean() });

export const UserinfoResponse = z
  .object({
    sub: z.string(),
    name: z.string(),
    email: z.string().optional(),
    phone_number: z.string().optional(),
    profiles: z.array(Profile).meta({ description: 'for "Who\'s watching?": every profile, Kids ones marked' }),
    profile: Profile.optional().meta({ description: "this device's chosen profile (POST /api/tv/profile)" }),
  })
  .meta({ description: 'Who the access token belongs to (OpenID Connect userinfo shape).' });

export const AuthorizationServerMetadata = z
  .object({
    issuer: z.string(),
    device_authorization_endpoint: z.string(),
    token_endpoint: z.string(),
    revocation_endpoint: z.string(),
    userinfo_endpoint: z.string(),
    jwks_uri: z.string(),
    grant_types_supported: z.array(z.string()),
    response_types_supported: z.array(z.string()),
    token_endpoint_auth_methods_supported: z.array(z.string()),
    revocation_endpoint_auth_methods_supported: z.array(z.string()),
  })
  .meta({ description: 'RFC 8414 authorization server metadata.' });

export const Jwks = z
  .object({
    keys: z.array(
      z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string(), kid: z.string(), alg: z.literal('EdDSA'), use: z.literal('sig') }),
    ),
  })
  .meta({ description: 'The public keys that verify access tokens (RFC 7517); the token header names its `kid`.' });

const ERROR_CODES = [...new Set(Object.values(ERRORS).map((error) => error.code))] as [string, ...string[]];

export const ErrorResponse = z
  .object({
    error: z.string().meta({ description: 'the OAuth error (RFC 6749 §5.2, RFC 8628 §3.5)' }),
    error_description: z.string().meta({ description: 'English text for a person' }),
    code: z.enum(ERROR_CODES).meta({ description: 'stable TV code: show it, link /help/<code> (see x-tv-error-codes)' }),
  })
  .meta({ description: 'Every refused request.' });
