import type { RedisClient } from '../store/redisClient.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { RedisKeys } from '../store/keys.ts';
import type { AccountStore } from '../accounts/accountStore.ts';
import type { WebSessions } from '../accounts/webSessions.ts';
import type { DeviceSessions } from '../devices/deviceSessionStore.ts';
import type { Notifier } from '../notify/notifier.ts';
import { hmacBase64Url } from '../crypto.ts';
import { createResetLinks, type ResetLinks } from './resetLinks.ts';
import { createSmsCodes, type SmsCodes } from './smsCodes.ts';
import { createResetRequests, type ResetRequests } from './resetRequests.ts';
import { createPasswordChange, type PasswordChange } from './passwordChange.ts';

// Builds the account-help services from the app's parts (called once by createApp).

export interface PasswordHelp {
  resetLinks: ResetLinks;
  smsCodes: SmsCodes;
  requests: ResetRequests;
  change: PasswordChange;
}

export function createPasswordHelp(deps: {
  config: Config;
  redis: RedisClient;
  keys: RedisKeys;
  clock: Clock;
  appSecret: string;
  accounts: AccountStore;
  webSessions: WebSessions;
  deviceSessions: DeviceSessions;
  notifier: Notifier;
}): PasswordHelp {
  const { config, redis, keys, clock, notifier } = deps;
  const resetLinks = createResetLinks(redis, keys, clock);
  const smsCodes = createSmsCodes(redis, keys, clock, {
    // A purpose-bound key, so an SMS-code hash can never be mistaken for any other keyed hash.
    hashKey: hmacBase64Url(deps.appSecret, 'key:sms-codes'),
    lifetimeSeconds: config.smsCodeLifetimeSeconds,
  });
  return {
    resetLinks,
    smsCodes,
    requests: createResetRequests({ accounts: deps.accounts, resetLinks, smsCodes, notifier, publicUrl: config.publicUrl, smsCodeLifetimeSeconds: config.smsCodeLifetimeSeconds }),
    change: createPasswordChange({
      accounts: deps.accounts,
      webSessions: deps.webSessions,
      // The one place a password change reaches TVs: their device sessions and refresh tokens end.
      signOutAllDevices: (accountId) => deps.deviceSessions.revokeAllFor(accountId),
      notifier,
      clock,
      publicUrl: config.publicUrl,
    }),
  };
}

/** The key of the billing-details hash: derived from the app secret, bound to its purpose. */
export function billingKeyFrom(appSecret: string): string {
  return hmacBase64Url(appSecret, 'key:billing-recovery');
}
