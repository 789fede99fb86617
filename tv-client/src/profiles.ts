import { el } from './dom.ts';
import type { Ui } from './ui.ts';

// "Who's watching?" after sign-in: the account's profiles as large buttons (Kids ones marked),
// reachable with the arrows. The choice is kept in the TV's device session on the server
// (POST /api/tv/profile), so it survives a reload and ends with a sign-out.

export interface ProfileChoice {
  id: string;
  name: string;
  kids: boolean;
}

export interface SignedInInfo {
  name: string;
  profiles: ProfileChoice[];
  profile?: ProfileChoice;
}

export async function fetchSignedInInfo(accessToken: string): Promise<SignedInInfo | null> {
  try {
    const response = await fetch('/oauth/userinfo', { headers: { Authorization: `Bearer ${accessToken}` } });
    if (!response.ok) return null;
    const body = (await response.json()) as Partial<SignedInInfo>;
    return { name: body.name ?? '', profiles: body.profiles ?? [], profile: body.profile };
  } catch {
    return null;
  }
}

export async function chooseProfile(accessToken: string, profileId: string): Promise<ProfileChoice | null> {
  try {
    const response = await fetch('/api/tv/profile', {
      method: 'POST',
      headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ profile_id: profileId }),
    });
    return response.ok ? ((await response.json()) as { profile: ProfileChoice }).profile : null;
  } catch {
    return null;
  }
}

/** The profile buttons; `choose` runs with the one pressed. */
export function profileButtons(ui: Ui, profiles: ProfileChoice[], choose: (profile: ProfileChoice) => void): HTMLElement {
  return el('div', { className: 'profiles', role: 'group', ariaLabel: ui.t('tv.whosWatching') },
    ...profiles.map((profile, index) =>
      el('button', { className: 'profile', autofocus: index === 0, dataset: { profile: profile.id }, onclick: () => choose(profile) },
        el('span', { className: 'avatar', ariaHidden: 'true' }, profile.name.slice(0, 1).toUpperCase()),
        el('span', { className: 'profile-name' }, profile.name),
        ...(profile.kids ? [el('span', { className: 'kids-badge' }, ui.t('tv.kidsBadge'))] : []),
      )),
  );
}
