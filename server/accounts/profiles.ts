import { randomUUID } from 'node:crypto';

// Profiles inside an account: at least one regular profile, optionally Kids profiles. Which one is
// in use is chosen per browser session. A Kids profile may watch but not manage the account
// (no password change), as the help article says.

export interface Profile {
  id: string;
  name: string;
  kids: boolean;
}

export interface NewProfile {
  name: string;
  kids?: boolean;
}

/** The profiles a new account starts with; a regular one is always first. */
export function initialProfiles(accountName: string, requested: NewProfile[] | undefined): Profile[] {
  const profiles = (requested ?? []).map((p) => ({ id: randomUUID(), name: p.name.trim().slice(0, 50) || accountName, kids: Boolean(p.kids) }));
  if (!profiles.some((p) => !p.kids)) profiles.unshift({ id: randomUUID(), name: accountName, kids: false });
  profiles.sort((a, b) => Number(a.kids) - Number(b.kids));
  return profiles;
}

/** Profiles as stored (JSON in the account hash); accounts from before profiles get one regular profile. */
export function parseProfiles(stored: string | undefined, accountName: string): Profile[] {
  if (stored) {
    try {
      const parsed = JSON.parse(stored) as Profile[];
      if (Array.isArray(parsed) && parsed.length) return parsed;
    } catch {
      // fall through to the default below
    }
  }
  return [{ id: 'main', name: accountName, kids: false }];
}
