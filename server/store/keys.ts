// Every Redis key and channel name the server uses, in one place, under one prefix.
//
// Each pairing lives in a single hash keyed by its user code, and every pairing transition is a
// script over that one key, so the design works unchanged on Redis Cluster (one slot per pairing).
// Secrets are never part of a key: device codes, session ids and tokens appear only as SHA-256.

export interface RedisKeys {
  pairing(userCode: string): string;
  account(accountId: string): string;
  accountByEmail(email: string): string;
  accountByPhone(phone: string): string;
  accountWebSessions(accountId: string): string;
  /** Index from a keyed hash of billing details (names + card number) to an account id. */
  accountByBilling(billingHash: string): string;
  /** The one live password reset link of an account (a newer link overwrites it). */
  passwordResetLink(accountId: string): string;
  /** The one live SMS verification code of an account, with its tries left. */
  passwordResetCode(accountId: string): string;
  /** A stand-in SMS code record for a number without an account (keyed by the number's SHA-256). */
  passwordResetCodeDecoy(phoneHash: string): string;
  /** The code texted to a new phone number, waiting to confirm it (one per account). */
  phoneChangeCode(accountId: string): string;
  /** The number that code was texted to. */
  phoneChangeNumber(accountId: string): string;
  /** Development only: email and text messages kept for the /dev/outbox page. */
  devOutbox(): string;
  webSession(sessionIdHash: string): string;
  /** One sliding-window rate-limit counter (a hash: window index, current and previous counts);
   * counters decided together share a hash tag (one cluster slot). */
  rateLimit(name: string, subject: string, hashTag?: string): string;
  /** Pub/sub channel of one server node: pairing events for TVs listening on that node. */
  nodeChannel(nodeId: string): string;
  /** Redis Cluster: sharded channel of one pairing's events, in the pairing's own slot. */
  pairingEvents(userCode: string): string;
  /** One signed-in device (hash). Shares the account's hash tag, so scripts over all of an
   * account's devices stay in one cluster slot. */
  deviceSession(accountId: string, deviceSessionId: string): string;
  /** Hashes of a device's rotated refresh tokens (sorted set), for reuse detection. */
  deviceRotatedTokens(accountId: string, deviceSessionId: string): string;
  /** The account's device session ids (sorted set, scored by sign-in time). */
  accountDevices(accountId: string): string;
  /** Pub/sub channel of one server node: "signed out" events for TVs connected to that node. */
  nodeDeviceChannel(nodeId: string): string;
  /** Redis Cluster: sharded channel of an account's sign-out events, in the account's slot. */
  accountDeviceEvents(accountId: string): string;
}

export function createRedisKeys(prefix: string): RedisKeys {
  return {
    pairing: (userCode) => `${prefix}pairing:{${userCode}}`,
    account: (accountId) => `${prefix}account:{${accountId}}`,
    accountByEmail: (email) => `${prefix}account-email:${email}`,
    accountByPhone: (phone) => `${prefix}account-phone:${phone}`,
    accountWebSessions: (accountId) => `${prefix}account:{${accountId}}:web-sessions`,
    accountByBilling: (billingHash) => `${prefix}account-billing:${billingHash}`,
    passwordResetLink: (accountId) => `${prefix}account:{${accountId}}:reset-link`,
    passwordResetCode: (accountId) => `${prefix}account:{${accountId}}:reset-code`,
    passwordResetCodeDecoy: (phoneHash) => `${prefix}reset-code-decoy:${phoneHash}`,
    phoneChangeCode: (accountId) => `${prefix}account:{${accountId}}:phone-change`,
    phoneChangeNumber: (accountId) => `${prefix}account:{${accountId}}:phone-change-number`,
    devOutbox: () => `${prefix}dev-outbox`,
    webSession: (sessionIdHash) => `${prefix}web-session:${sessionIdHash}`,
    // `rate-sw:` (not the fixed windows' old `rate:` strings), so a deploy never meets a key of the old type.
    rateLimit: (name, subject, hashTag) => (hashTag ? `${prefix}rate-sw:{${hashTag}}:${name}:${subject}` : `${prefix}rate-sw:${name}:${subject}`),
    nodeChannel: (nodeId) => `${prefix}node:${nodeId}`,
    pairingEvents: (userCode) => `${prefix}pairing-events:{${userCode}}`,
    deviceSession: (accountId, deviceSessionId) => `${prefix}account:{${accountId}}:device:${deviceSessionId}`,
    deviceRotatedTokens: (accountId, deviceSessionId) => `${prefix}account:{${accountId}}:device:${deviceSessionId}:rotated`,
    accountDevices: (accountId) => `${prefix}account:{${accountId}}:devices`,
    nodeDeviceChannel: (nodeId) => `${prefix}node-devices:${nodeId}`,
    accountDeviceEvents: (accountId) => `${prefix}account:{${accountId}}:device-events`,
  };
}
