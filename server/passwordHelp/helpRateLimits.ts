import type { RateLimitRule } from '../http/rateLimiter.ts';
import type { RateLimiter } from '../http/rateLimiter.ts';

// Limits on account help, checked in Redis before any lookup, hashing or sending. Sends are
// limited per address/number as well as per IP (each text message costs money and can annoy a
// stranger). Billing recovery is limited hardest: names are easy to know and card numbers have
// little entropy once the bank's prefix is known, so it is capped per IP, per name and globally.

const HOUR = 3600;
const DAY = 24 * HOUR;

export const HELP_LIMITS = {
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

/** Counts one attempt against every rule; the longest Retry-After if any says no, else null. */
export async function firstBlocked(limiter: RateLimiter, checks: Array<[RateLimitRule, string]>): Promise<number | null> {
  const results = await Promise.all(checks.map(([rule, subject]) => limiter.consume(rule, subject)));
  const blocked = results.filter((r) => !r.allowed);
  return blocked.length ? Math.max(...blocked.map((r) => r.retryAfterSeconds)) : null;
}
