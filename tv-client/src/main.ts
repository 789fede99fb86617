import type { TokenResponse } from '../../shared/protocol.ts';
import { LOCALE_NAMES, translator } from '../../shared/i18n/index.ts';
import { el } from './dom.ts';
import { createUi, type Ui } from './ui.ts';
import { chooseLocale, tvLocale } from './locale.ts';
import { webSignInScreen } from './webSignInScreen.ts';
import { remoteSignIn } from './remoteSignInScreens.ts';
import { DeviceSessionLink, localTokenStore, revokeDevice } from './deviceSession.ts';

// The TV app: Sign In → Sign In from Web (QR code + code) or sign in with the remote, a
// Language menu, then "Signed in as …" with Sign Out.

const params = new URLSearchParams(location.search);
const locale = tvLocale();
document.documentElement.lang = locale;
const ui = createUi(document.getElementById('screen')!, document.getElementById('status-bar')!, translator(locale), locale);
// The launcher may name the TV; otherwise a name in the TV's language (the phone shows it).
const device = { name: params.get('name') ?? ui.t('tv.defaultDeviceName'), model: params.get('model') ?? ui.t('tv.defaultDeviceModel') };
const TOKEN_KEY = 'tv.tokens';
const tokenStore = localTokenStore(TOKEN_KEY);
// Signed in, the TV stays reachable so a sign-out on the Account page brings it back here.
const deviceSession = new DeviceSessionLink({ store: tokenStore, signedOut: () => signInScreen(ui) });

function signInScreen(ui: Ui): void {
  const { t } = ui;
  const signIn = { device, signedIn: (tokens: TokenResponse) => void signedIn(ui, tokens), back: () => signInScreen(ui) };
  ui.show([
    el('h1', {}, t('tv.signIn')),
    el('div', { className: 'menu' },
      el('button', { id: 'sign-in-from-web', autofocus: true, onclick: () => webSignInScreen(ui, signIn) }, t('tv.signInFromWeb')),
      el('button', { id: 'sign-in-with-remote', onclick: () => remoteSignIn(ui, signIn) }, t('tv.signInWithRemote')),
      el('button', { id: 'language', className: 'secondary', onclick: () => languageScreen(ui) }, `${t('tv.language')}: ${LOCALE_NAMES[ui.locale] ?? ui.locale}`),
    ),
  ]);
}

function languageScreen(ui: Ui): void {
  ui.show(
    [
      el('h1', {}, ui.t('tv.language')),
      el('div', { className: 'menu' },
        ...Object.entries(LOCALE_NAMES).map(([code, name]) =>
          el('button', { lang: code, autofocus: code === ui.locale, dataset: { locale: code }, onclick: () => chooseLocale(code) }, name)),
      ),
    ],
    { back: () => signInScreen(ui) },
  );
}

async function signedIn(ui: Ui, tokens: TokenResponse): Promise<void> {
  tokenStore.save(tokens);
  deviceSession.start();
  ui.setOnline(true);
  let name = '';
  try {
    const response = await fetch('/oauth/userinfo', { headers: { Authorization: `Bearer ${tokens.access_token}` } });
    if (response.ok) name = ((await response.json()) as { name?: string }).name ?? '';
  } catch {
    // The name is a nicety; the TV is signed in either way.
  }
  ui.show([
    el('h1', { id: 'signed-in' }, ui.t('tv.signedInAs', { name })),
    el('button', { onclick: () => signOut(ui), autofocus: true }, ui.t('common.signOut')),
  ]);
}

function signOut(ui: Ui): void {
  deviceSession.stop();
  void revokeDevice(tokenStore.load());
  tokenStore.clear();
  signInScreen(ui);
}

const saved = tokenStore.load();
if (saved) void signedIn(ui, saved);
else signInScreen(ui);
