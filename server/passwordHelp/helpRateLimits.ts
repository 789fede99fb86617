import { consumeAll, type RateLimiter, type RateLimitResult, type RateLimitRule } from '../http/rateLimiter.ts';
import { sha256Hex } from '../crypto.ts';

// Limits on account help, checked in Redis before any lookup, hashing or sending. Sends are
// limited per address/number as well as per IP (each text message costs money and can annoy a
// stranger). Billing recovery is limited hardest: names are easy to know and card numbers have
// little entropy once the bank's prefix is known, so it is capped per IP, per name and globally.

const HOUR = 3600;
const DAY = 24 * HOUR;

const HELP_LIMITS = {
  resetEmailPerIp: { name: 'reset-email-ip', limit: 20, windowSeconds: HOUR },
  resetEmailPerAddress: { name: 'reset-email-address', limit: 5, windowSeconds: HOUR },
  resetSmsPerIp: { name: 'reset-sms-ip', limit: 10, windowSeconds: HOUR },
  resetSmsPerPhone: { name: 'reset-sms-phone', limit: 3, windowSeconds: HOUR },
  smsCodeTriesPerIp: { name: 'sms-code-ip', limit: 30, windowSeconds: HOUR },
  billingPerIp: { name: 'billing-ip', limit: 5, windowSeconds: DAY },
  billingPerName: { name: 'billing-name', limit: 5, windowSeconds: DAY },
  billingGlobal: { name: 'billing-all', limit: 500, windowSeconds: HOUR },
  passwordChangePerAccount: { name: 'password-change-account', limit: 10, windowSeconds: 600 },
  phoneChangePerAccount: { name: 'phone-change-account', limit: 10, windowSeconds: HOUR },
} as const satisfies Record<string, RateLimitRule>;

export interface HelpLimits {
  /** One "Email Me", counted per IP and per address. */
  resetEmail(ip: string | undefined, email: string): Promise<RateLimitResult>;
  /** One "Text Me", counted per IP and per number. */
  resetSms(ip: string | undefined, phone: string): Promise<RateLimitResult>;
  /** One typed SMS code. */
  smsCodeTry(ip: string | undefined): Promise<RateLimitResult>;
  /** One "Find Account" with these (normalized) names: per IP, per name and overall. */
  billing(ip: string | undefined, firstName: string, lastName: string): Promise<RateLimitResult>;
  passwordChange(accountId: string): Promise<RateLimitResult>;
  phoneChange(accountId: string): Promise<RateLimitResult>;
}

export function createHelpLimits(limiter: RateLimiter): HelpLimits {
  const byIp = (ip: string | undefined) => ip ?? 'unknown';
  // Addresses, numbers and names are counted by hash: the keys of Redis hold no personal data.
  return {
    resetEmail: (ip, email) => consumeAll(limiter, [[HELP_LIMITS.resetEmailPerIp, byIp(ip)], [HELP_LIMITS.resetEmailPerAddress, sha256Hex(email)]]),
    resetSms: (ip, phone) => consumeAll(limiter, [[HELP_LIMITS.resetSmsPerIp, byIp(ip)], [HELP_LIMITS.resetSmsPerPhone, sha256Hex(phone)]]),
    smsCodeTry: (ip) => consumeAll(limiter, [[HELP_LIMITS.smsCodeTriesPerIp, byIp(ip)]]),
    billing: (ip, firstName, lastName) =>
      consumeAll(limiter, [
        [HELP_LIMITS.billingPerIp, byIp(ip)],
        [HELP_LIMITS.billingPerName, sha256Hex(`${firstName}\n${lastName}`)],
        [HELP_LIMITS.billingGlobal, 'all'],
      ]),
    passwordChange: (accountId) => consumeAll(limiter, [[HELP_LIMITS.passwordChangePerAccount, accountId]]),
    phoneChange: (accountId) => consumeAll(limiter, [[HELP_LIMITS.phoneChangePerAccount, accountId]]),
  };
}
