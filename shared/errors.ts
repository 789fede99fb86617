// Every error a person or a client can see, with a stable code that never changes meaning.
// `code` is what a viewer reads off the screen and looks up at /help/<code>; `oauthError` is the
// RFC 6749 / RFC 8628 `error` value for machine clients. Add new entries; never renumber.

export interface ErrorDefinition {
  /** Stable, human-facing code, e.g. TV-100. */
  readonly code: string;
  /** HTTP status when this error answers a request. */
  readonly status: number;
  /** The OAuth `error` string (RFC 6749 §5.2 / RFC 8628 §3.5) for JSON clients. */
  readonly oauthError: string;
  /** Plain English for a person; the companion and TV translate by `code`. */
  readonly message: string;
}

function define<const T extends Record<string, ErrorDefinition>>(table: T): T {
  return table;
}

export const ERRORS = define({
  // Codes a person types or a TV uses
  code_not_found: {
    code: 'TV-100', status: 400, oauthError: 'invalid_grant',
    message: "That code didn't work. Check the code on your TV, or get a new code on the TV and try again.",
  },
  too_many_attempts: {
    code: 'TV-101', status: 429, oauthError: 'slow_down',
    message: 'Too many tries. Wait a few minutes, then try again.',
  },
  code_expired: {
    code: 'TV-102', status: 400, oauthError: 'expired_token',
    message: 'This sign-in code has expired. The TV will show a new one.',
  },
  code_denied: {
    code: 'TV-103', status: 400, oauthError: 'access_denied',
    message: 'The sign-in was refused on the phone or computer.',
  },
  code_already_used: {
    code: 'TV-104', status: 400, oauthError: 'invalid_grant',
    message: 'This sign-in code has already been used. Get a new code on the TV.',
  },
  device_code_invalid: {
    code: 'TV-105', status: 400, oauthError: 'invalid_grant',
    message: 'The TV sent a sign-in request the server does not know. The TV will start again.',
  },
  authorization_pending: {
    code: 'TV-106', status: 400, oauthError: 'authorization_pending',
    message: 'Waiting for you to confirm on your phone or computer.',
  },
  slow_down: {
    code: 'TV-107', status: 400, oauthError: 'slow_down',
    message: 'The TV asked too often. It will wait a little longer between checks.',
  },
  // For a signed-in person only: why a code that exists cannot be confirmed (strangers get TV-100).
  tv_already_signed_in: {
    code: 'TV-108', status: 400, oauthError: 'invalid_grant',
    message: 'This TV is already signed in with your account. There is nothing more to do.',
  },
  code_approved_by_you: {
    code: 'TV-109', status: 400, oauthError: 'invalid_grant',
    message: 'You already approved this code. Your TV is signing in.',
  },
  code_approved_elsewhere: {
    code: 'TV-111', status: 400, oauthError: 'invalid_grant',
    message: 'Another phone or computer already approved this code. If that was not you, get a new code on the TV.',
  },
  tv_stopped_waiting: {
    code: 'TV-112', status: 400, oauthError: 'expired_token',
    message: 'The TV stopped waiting for this code (it went back, reloaded or was switched off). Get a new code on the TV.',
  },
  bad_message: {
    code: 'TV-110', status: 400, oauthError: 'invalid_request',
    message: 'The TV sent a message the server could not read.',
  },

  // Signing in
  wrong_credentials: {
    code: 'TV-200', status: 401, oauthError: 'invalid_grant',
    message: 'Incorrect email, phone number or password. Passwords are case-sensitive. You can reset your password.',
  },
  sign_in_rate_limited: {
    code: 'TV-201', status: 429, oauthError: 'slow_down',
    message: 'Too many sign-in attempts. Wait a few minutes, or reset your password.',
  },
  sign_in_required: {
    code: 'TV-202', status: 401, oauthError: 'invalid_token',
    message: 'Please sign in to continue.',
  },
  form_expired: {
    code: 'TV-203', status: 403, oauthError: 'invalid_request',
    message: 'This page has expired. Go back, reload the page and try again. If it keeps happening, visit /clearcookies.',
  },

  // Account help: password change and reset, recovery by billing details, phone number
  password_too_short: {
    code: 'TV-300', status: 400, oauthError: 'invalid_request',
    message: 'Your new password must be at least 8 characters long. A few words make a good, long password.',
  },
  password_too_long: {
    code: 'TV-301', status: 400, oauthError: 'invalid_request',
    message: 'Your new password can be at most 256 characters long.',
  },
  password_too_common: {
    code: 'TV-302', status: 400, oauthError: 'invalid_request',
    message: 'This password is not secure or too common. It is on a list of compromised or very common passwords; choose a different one.',
  },
  password_same_as_previous: {
    code: 'TV-303', status: 400, oauthError: 'invalid_request',
    message: 'Your new password must be different from your previous password.',
  },
  current_password_wrong: {
    code: 'TV-304', status: 401, oauthError: 'invalid_grant',
    message: 'Your current password is not right. Passwords are case-sensitive. If you forgot it, reset it instead.',
  },
  passwords_differ: {
    code: 'TV-305', status: 400, oauthError: 'invalid_request',
    message: 'The two new passwords are not the same. Type the new password twice.',
  },
  kids_profile_not_allowed: {
    code: 'TV-306', status: 403, oauthError: 'access_denied',
    message: 'A Kids profile cannot change the password or the phone number of the account. Switch to a regular profile first.',
  },
  password_change_rate_limited: {
    code: 'TV-307', status: 429, oauthError: 'slow_down',
    message: 'Too many password attempts. Wait a few minutes and try again, or reset your password.',
  },
  reset_link_invalid: {
    code: 'TV-310', status: 400, oauthError: 'invalid_grant',
    message: 'This password reset link does not work. Links work once, expire after 24 hours, and a newer link replaces older ones. Request a new email and use the newest one.',
  },
  reset_code_wrong: {
    code: 'TV-311', status: 400, oauthError: 'invalid_grant',
    message: 'That verification code is not right. Check the text message and type the code again.',
  },
  reset_code_dead: {
    code: 'TV-312', status: 400, oauthError: 'invalid_grant',
    message: 'This verification code no longer works: it has expired or was typed wrong too often. Ask for a new text message.',
  },
  reset_step_expired: {
    code: 'TV-313', status: 400, oauthError: 'invalid_grant',
    message: 'Too much time has passed since you opened the reset link or entered the code. Start the reset again.',
  },
  help_rate_limited: {
    code: 'TV-320', status: 429, oauthError: 'slow_down',
    message: 'Too many requests for account help. Wait a while and try again.',
  },
  email_invalid: {
    code: 'TV-321', status: 400, oauthError: 'invalid_request',
    message: 'Enter a valid email address, like name@example.com.',
  },
  phone_invalid: {
    code: 'TV-322', status: 400, oauthError: 'invalid_request',
    message: 'Enter the phone number with its country code, like +46 70 123 45 67.',
  },
  phone_taken: {
    code: 'TV-323', status: 409, oauthError: 'invalid_request',
    message: 'This phone number is already linked to another account. Use a different number.',
  },
  billing_recovery_unavailable: {
    code: 'TV-330', status: 404, oauthError: 'invalid_request',
    message: 'Recovery by billing details is not available in your region. Contact support for help.',
  },
  billing_details_invalid: {
    code: 'TV-331', status: 400, oauthError: 'invalid_request',
    message: 'Enter the first and last name on the account and the full number of the credit or debit card you pay with.',
  },
  billing_recovery_rate_limited: {
    code: 'TV-332', status: 429, oauthError: 'slow_down',
    message: 'Too many tries to find an account by billing details. Try again tomorrow, or contact support.',
  },

  // Requests and clients
  invalid_request: {
    code: 'TV-400', status: 400, oauthError: 'invalid_request',
    message: 'The request was missing something or had a value the server cannot use.',
  },
  invalid_client: {
    code: 'TV-401', status: 401, oauthError: 'invalid_client',
    message: 'This app is not registered to sign in here.',
  },
  unsupported_grant_type: {
    code: 'TV-402', status: 400, oauthError: 'unsupported_grant_type',
    message: 'This kind of sign-in request is not supported.',
  },
  invalid_token: {
    code: 'TV-403', status: 401, oauthError: 'invalid_token',
    message: 'The sign-in on this device is no longer valid. Sign in again.',
  },
  not_found: {
    code: 'TV-404', status: 404, oauthError: 'not_found',
    message: 'There is nothing at this address.',
  },
  payload_too_large: {
    code: 'TV-413', status: 413, oauthError: 'invalid_request',
    message: 'The request was too large.',
  },
  unsupported_media_type: {
    code: 'TV-415', status: 415, oauthError: 'invalid_request',
    message: 'The request body must be a form or JSON.',
  },

  // The TV's own view of things (shown on the TV, never sent by the server)
  no_connection: {
    code: 'TV-700', status: 503, oauthError: 'temporarily_unavailable',
    message: "No connection to the sign-in service. This is not a problem with your password. The TV keeps trying by itself.",
  },

  // Signed-in devices and their tokens
  refresh_token_invalid: {
    code: 'TV-600', status: 400, oauthError: 'invalid_grant',
    message: 'This device is no longer signed in: it was signed out, or not used for a long time. Sign in again.',
  },
  refresh_token_reused: {
    code: 'TV-601', status: 400, oauthError: 'invalid_grant',
    message: 'This device was signed out to keep your account safe, because an old sign-in of it was used again. Sign in again.',
  },
  invalid_scope: {
    code: 'TV-602', status: 400, oauthError: 'invalid_scope',
    message: 'The device asked for more access than it was given when it signed in.',
  },

  // Our side
  server_error: {
    code: 'TV-500', status: 500, oauthError: 'server_error',
    message: 'Something went wrong on our side. Please try again.',
  },
  service_unavailable: {
    code: 'TV-503', status: 503, oauthError: 'temporarily_unavailable',
    message: "We can't reach the sign-in service right now. This is not a problem with your password. Try again in a moment.",
  },
});

export type ErrorId = keyof typeof ERRORS;
/** The stable codes, e.g. 'TV-100': translations and help pages are keyed by these. */
export type ErrorCode = (typeof ERRORS)[ErrorId]['code'];

export function errorByCode(code: string): (ErrorDefinition & { id: ErrorId }) | undefined {
  for (const [id, def] of Object.entries(ERRORS)) {
    if (def.code === code) return { ...def, id: id as ErrorId };
  }
  return undefined;
}
