import type { Request, RequestHandler, Response } from 'express';
import type { ErrorId } from '../shared/errors.ts';
import type { PairingState } from '../shared/pairingStates.ts';

// What the companion site needs from the rest of the product, declared here in its own words so
// companion-web never imports server internals. The composition root (app/createApp.ts) hands it
// server objects that fit these shapes; each route module takes only the ports it uses.

export interface Profile {
  id: string;
  name: string;
  kids: boolean;
}

export interface Account {
  id: string;
  name: string;
  email?: string;
  phone?: string;
  profiles: Profile[];
  billing?: { method: 'card' | 'third_party' | 'other'; cardLast4?: string };
}

/** A TV's sign-in request, as the confirmation and "done" pages show it. */
export interface Pairing {
  userCode: string;
  state: PairingState;
  clientId: string;
  deviceName: string;
  deviceModel: string;
  requestIp: string;
  createdAt: number;
  accountId?: string;
  decidedAt?: number;
  receivedAt?: number;
  /** When the TV said it stopped waiting for this code. */
  tvLeftAt?: number;
}

/** A signed-in device on the account's devices list. */
export interface DeviceSession {
  id: string;
  clientId: string;
  deviceName: string;
  deviceModel: string;
  signedInAt: number;
  lastSeenAt: number;
  /** The network it was last seen from, as an opaque id comparable with Devices.networkOf. */
  lastNetwork?: string;
}

export interface BrowserSession {
  accountId: string;
  /** When this browser signed in (ms since the epoch). */
  createdAt: number;
  profileId?: string;
  /** Until then (ms since the epoch) this browser may set a new password without the old one. */
  passwordResetUntil?: number;
}

/** The answer of a guess budget: whether this attempt may go on, and else when to try again. */
export interface LimitResult {
  allowed: boolean;
  retryAfterSeconds: number;
}

export interface Pairings {
  read(userCode: string): Promise<Pairing | null>;
  /** The phone opened the code: pending → scanned (the TV is told). */
  scan(userCode: string): Promise<Pairing | null>;
  /**
   * Start Watching or refusing a code: reading what the decision needs starts at once (in the
   * same round trip as the browser session), the decision is made once the person is known.
   */
  prepareDecision(userCode: string, decision: 'approved' | 'denied'): PreparedDecision;
}

export interface PreparedDecision {
  /** `pairing` is the code as it is now (why it failed, when it did). */
  decide(accountId: string): Promise<{ ok: boolean; pairing: Pairing | null }>;
}

export interface Accounts {
  get(accountId: string): Promise<Account | null>;
  findByLogin(login: string): Promise<Account | null>;
  /** The account if login and password match; as slow for unknown logins as for known ones. */
  authenticate(login: string, password: string): Promise<Account | null>;
  passwordMatches(accountId: string, password: string): Promise<boolean>;
}

/** Browser sessions in the store; the cookie holds the secret `start` returns. */
export interface BrowserSessions {
  /** How long a session (and so its cookie) lasts. */
  readonly lifetimeSeconds: number;
  start(accountId: string, options?: { passwordResetUntil?: number }): Promise<string>;
  find(secret: string | undefined): Promise<BrowserSession | null>;
  end(secret: string | undefined): Promise<void>;
  setProfile(secret: string, profileId: string): Promise<void>;
  endPasswordReset(secret: string): Promise<void>;
}

/** The site's cookies, Secure when served over TLS. */
export interface Cookies {
  readonly names: { session: string; csrf: string; locale: string };
  read(req: Request, name: string): string | undefined;
  set(res: Response, name: string, value: string, maxAgeSeconds?: number): void;
  clear(res: Response, name: string): void;
}

export interface Csrf {
  /** The token for this browser's forms. */
  tokenFor(req: Request, res: Response): string;
  /** A new CSRF cookie (at sign-in), so a token known from before is worthless after it. */
  rotate(req: Request, res: Response): void;
  /** Refuses a POST without a valid token (TV-203). */
  verify: RequestHandler;
}

export interface Logger {
  info(fields: object, message: string): void;
}

export interface Clock {
  now(): number;
}

/** Which page looked a TV code up (for the counters). */
export type CodeDoor = 'continue' | 'confirm-page' | 'decide';

/** A code lookup the guess budgets let through (`found` null: no open pairing), or a refusal. */
export type GuessOutcome<T> = { allowed: true; found: T | null } | { allowed: false; retryAfterSeconds: number };

/** Guess budgets read ahead of a lookup, for one address and (cookie-named) account; opaque here. */
export interface EarlyGuessRead {
  readonly ip: string;
  readonly accountId: string | null;
  readonly results: Promise<unknown>;
}

/** A password try the guard let through: say how it went with `finish`, once. Or a refusal. */
export type SignInAttempt = { allowed: true; finish(succeeded: boolean): Promise<void> } | { allowed: false; retryAfterSeconds: number };

/** Guess budgets, counted before any expensive work; the server's rate-limit policy decides. */
export interface Limits {
  /**
   * Every way a TV code is looked up goes through here: `lookup` runs only if the per-address,
   * per-account and global budgets allow; a miss (null) stays counted, a hit is given back.
   */
  codeGuess<T>(who: { ip: string; accountId?: string | null; door: CodeDoor }, lookup: () => Promise<T | null>, early?: EarlyGuessRead): Promise<GuessOutcome<T>>;
  /** Starts reading those budgets now, before the browser session is known (see codeGuessEarly.ts). */
  codeGuessEarly(who: { ip: string; accountId: string | null; door: CodeDoor }): EarlyGuessRead;
  /** One password try at `login` from `ip`; only failures count (see signInGuard). */
  signIn(ip: string | undefined, login: string): Promise<SignInAttempt>;
  resetEmail(ip: string | undefined, email: string): Promise<LimitResult>;
  resetSms(ip: string | undefined, phone: string): Promise<LimitResult>;
  smsCodeTry(ip: string | undefined): Promise<LimitResult>;
  billing(ip: string | undefined, firstName: string, lastName: string): Promise<LimitResult>;
  passwordChange(accountId: string): Promise<LimitResult>;
  phoneChange(accountId: string): Promise<LimitResult>;
}

/** Account help: reset requests, their one-time secrets, and setting the new password. */
export interface PasswordHelp {
  requests: {
    /** Each returns at once and tells nothing: look-up and sending happen in the background. */
    byEmail(email: string, locale: string): void;
    bySms(phone: string, locale: string): void;
    byBilling(details: { firstName: string; lastName: string; cardNumber: string }, locale: string): void;
  };
  smsCodes: {
    redeem(accountId: string, typed: unknown): Promise<'ok' | 'wrong' | 'dead'>;
    /** For a number without an account: answers like a real code that never matches. */
    redeemDecoy(phone: string, typed: unknown): Promise<'ok' | 'wrong' | 'dead'>;
  };
  resetLinks: {
    /** The account id of a valid, unused link (now used up), or null. */
    redeem(token: unknown): Promise<string | null>;
    /** Whether `token` has the shape of a link's token (uses nothing up, says nothing about validity). */
    wellFormed(token: unknown): token is string;
  };
  /** Adding or changing the phone number: a code texted to the new number, notices to the old contacts. */
  phoneChanges: {
    start(account: Account, phone: string, locale: string): Promise<void>;
    pendingNumber(accountId: string): Promise<string | null>;
    confirm(account: Account, typed: unknown, locale: string): Promise<'ok' | 'phone_taken' | 'wrong' | 'dead'>;
  };
  change: {
    /** Null when the password was changed; otherwise why not. */
    setNewPassword(request: {
      account: Account;
      newPassword: unknown;
      confirmation: unknown;
      keepSessionSecret: string;
      signOutDevices: boolean;
      locale: string;
    }): Promise<ErrorId | null>;
  };
}

/** The account's signed-in devices; every call is keyed by the signed-in account. */
export interface Devices {
  list(accountId: string): Promise<DeviceSession[]>;
  /** False when the device was already signed out. */
  revoke(accountId: string, deviceSessionId: string): Promise<boolean>;
  revokeAllFor(accountId: string): Promise<void>;
  /** The id of `ip`'s network as lastNetwork holds it ('' for no address): never the address itself. */
  networkOf(ip: string | undefined): string;
}

/** A message the dev outbox kept instead of sending it. */
export interface OutboxEntry {
  kind: 'email' | 'sms';
  to: string;
  subject?: string;
  text: string;
  at: number;
}

/** Development only: the messages that would have been sent. */
export interface DevOutbox {
  list(): Promise<OutboxEntry[]>;
}

export interface Settings {
  /** "I don't remember my email or phone" is offered. */
  billingRecovery: boolean;
  mailFrom: string;
  smsCodeLifetimeSeconds: number;
  /** Registered apps, to name a device's app on the devices page. */
  clients: ReadonlyArray<{ clientId: string; name: string }>;
  /** The operator's support page, where "Contact support" leads instead of /support. */
  supportUrl?: string | undefined;
  /** The support email address /support offers. */
  supportEmail?: string | undefined;
}

/** Everything the companion site is given; mount() hands each route module its own part. */
export interface CompanionServices {
  settings: Settings;
  clock: Clock;
  logger: Logger;
  cookies: Cookies;
  csrf: Csrf;
  pairings: Pairings;
  accounts: Accounts;
  browserSessions: BrowserSessions;
  limits: Limits;
  passwordHelp: PasswordHelp;
  devices: Devices;
  /** Present only where the dev outbox is in use, never in production. */
  devOutbox?: DevOutbox;
}
