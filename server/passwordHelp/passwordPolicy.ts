import type { ErrorId } from '../../shared/errors.ts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../accounts/accountStore.ts';
import { isCommonPassword } from './passwordBlocklist.ts';

// The rules for a new password (NIST SP 800-63B style): long enough, long passphrases welcome,
// no composition rules, not on the list of compromised or common passwords. "Not the previous
// password" needs the stored hash and is checked by passwordChange.ts.

export function newPasswordProblem(password: unknown, confirmation: unknown): ErrorId | null {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH) return 'password_too_short';
  if (password.length > MAX_PASSWORD_LENGTH) return 'password_too_long';
  if (password !== confirmation) return 'passwords_differ';
  if (isCommonPassword(password)) return 'password_too_common';
  return null;
}
