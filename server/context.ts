import type { RedisClient } from './store/redisClient.ts';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Clock } from './clock.ts';
import type { RedisKeys } from './store/keys.ts';
import type { PairingStore } from './pairing/pairingStore.ts';
import type { SignInCollector } from './pairing/signInCollector.ts';
import type { AccountStore } from './accounts/accountStore.ts';
import type { RateLimiter } from './http/rateLimiter.ts';
import type { SignInLimits } from './accounts/signInLimits.ts';
import type { ClientRegistry } from './oauth/clients.ts';
import type { AccessTokens } from './tokens/accessTokens.ts';
import type { TokenIssuer } from './tokens/tokenIssuer.ts';
import type { DeviceSessions } from './devices/deviceSessionStore.ts';
import type { SigningKeys } from './tokens/signingKeys.ts';
import type { PairingListeners } from './realtime/pairingListeners.ts';
import type { PasswordHelp } from './passwordHelp/createPasswordHelp.ts';
import type { Delivery } from './notify/createDelivery.ts';
import type { DeviceSessionListeners } from './realtime/deviceSessionListeners.ts';

/** Everything a route needs, built once by createApp. Routes take this, never globals. */
export interface AppContext {
  config: Config;
  clock: Clock;
  logger: Logger;
  redis: RedisClient;
  keys: RedisKeys;
  pairings: PairingStore;
  /** Where a TV collects its sign-in (WebSocket or polling): claims, mints once, hands out again until received. */
  signIns: SignInCollector;
  accounts: AccountStore;
  rateLimiter: RateLimiter;
  /** The password-guess budget shared by every way of signing in. */
  signInLimits: SignInLimits;
  clients: ClientRegistry;
  signingKeys: SigningKeys;
  accessTokens: AccessTokens;
  tokenIssuer: TokenIssuer;
  /** Signed-in devices: list, sign out one (revoke) or all (revokeAllFor). */
  deviceSessions: DeviceSessions;
  listeners: PairingListeners;
  /** Password change and reset, recovery by billing details. */
  passwordHelp: PasswordHelp;
  /** Email and text messages (SMTP / SMS webhook, or the dev outbox). */
  delivery: Delivery;
  /** Signed-in TVs connected to this node, told when their device is signed out. */
  deviceListeners: DeviceSessionListeners;
}
