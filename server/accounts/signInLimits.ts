import { RATE_LIMITS, type RateLimiter, type RateLimitResult } from '../http/rateLimiter.ts';

// One budget for password guesses, whichever door they come through (the companion's /login or
// the TV's remote sign-in): per IP and per login, counted before any password is hashed.

export async function consumeSignInAttempt(rateLimiter: RateLimiter, ip: string | undefined, login: string): Promise<RateLimitResult> {
  const [perIp, perLogin] = await Promise.all([
    rateLimiter.consume(RATE_LIMITS.signInPerIp, ip ?? 'unknown'),
    rateLimiter.consume(RATE_LIMITS.signInPerLogin, login.trim().toLowerCase() || '-'),
  ]);
  return {
    allowed: perIp.allowed && perLogin.allowed,
    retryAfterSeconds: Math.max(perIp.allowed ? 0 : perIp.retryAfterSeconds, perLogin.allowed ? 0 : perLogin.retryAfterSeconds),
  };
}
