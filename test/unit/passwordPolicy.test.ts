import { describe, expect, it } from 'vitest';
import { newPasswordProblem } from '../../server/passwordHelp/passwordPolicy.ts';
import { commonPasswordCount, isCommonPassword } from '../../server/passwordHelp/passwordBlocklist.ts';
import { ERRORS } from '../../shared/errors.ts';

describe('new password rules', () => {
  const ok = (password: string) => newPasswordProblem(password, password);

  it('needs at least 8 characters and allows passphrases up to 256', () => {
    expect(ok('k7#Qz!m')).toBe('password_too_short');
    expect(ok('k7#Qz!mW')).toBeNull();
    expect(ok('violet tram under the quiet harbour '.repeat(7).slice(0, 256))).toBeNull();
    expect(ok('x'.repeat(257))).toBe('password_too_long');
    expect(newPasswordProblem(undefined, undefined)).toBe('password_too_short');
    expect(newPasswordProblem(['a', 'b'], ['a', 'b'])).toBe('password_too_short');
  });

  it('has no composition rules: lower-case words only are fine', () => {
    expect(ok('lilac tram verses')).toBeNull();
    expect(ok('zebrahelmetcanoe')).toBeNull();
  });

  it('refuses passwords on the compromised/common list, whatever their case', () => {
    for (const common of ['password123', 'Password123', 'iloveyou1', 'qwertyuiop', '1q2w3e4r5t']) {
      expect(ok(common), common).toBe('password_too_common');
    }
    expect(ERRORS.password_too_common.message).toMatch(/^This password is not secure or too common/);
  });

  it('asks for the same new password twice', () => {
    expect(newPasswordProblem('lilac tram verses', 'lilac tram verse')).toBe('passwords_differ');
  });

  it('uses a real list, not a handful of words', () => {
    expect(commonPasswordCount()).toBeGreaterThan(30_000);
    expect(isCommonPassword('lilac tram verses')).toBe(false);
  });
});
