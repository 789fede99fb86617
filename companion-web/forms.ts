import type { Response } from 'express';
import type { LimitResult } from './ports.ts';

// Small helpers every form handler uses.

/** Text from a form field, cut to `max` characters; anything else is ''. */
export const formText = (value: unknown, max: number): string => (typeof value === 'string' ? value.slice(0, max) : '');

/** Sets 429 and Retry-After when a guess budget refused; true if it did (the caller renders its form). */
export function refusedByLimit(res: Response, limit: LimitResult): boolean {
  if (limit.allowed) return false;
  res.status(429).set('Retry-After', String(limit.retryAfterSeconds));
  return true;
}
