import { dictionary } from '@zxcvbn-ts/language-common';

// The list of compromised or very common passwords the help article speaks of. It is the
// "passwords-common" list shipped in @zxcvbn-ts/language-common (≈49,000 entries from public
// breach corpora, maintained by the zxcvbn-ts project), used offline: nothing leaves the server.
// Compared case-insensitively, as the list is lower-case and "Password123" is no better.

let common: Set<string> | undefined;

export function isCommonPassword(password: string): boolean {
  common ??= new Set(dictionary['passwords-common']);
  return common.has(password.normalize('NFKC').toLowerCase());
}

export function commonPasswordCount(): number {
  common ??= new Set(dictionary['passwords-common']);
  return common.size;
}
