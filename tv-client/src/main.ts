import type { TokenResponse } from '../../shared/protocol.ts';
import { LOCALE_NAMES, translator } from '../../shared/i18n/index.ts';
import { el } from './dom.ts';
import { createUi, type Ui } from './ui.ts';
import { chooseLocale, tvLocale } from './locale.ts';
import { webSignInScreen } from './webSignInScreen.ts';
import { remoteSignIn } from './remoteSignInScreens.ts';
import { DeviceSessionLink, localTokenStore, revokeDevice } from './deviceSession.ts';
import { chooseProfile, fetchSignedInInfo, profileButtons, type ProfileChoice, type SignedInInfo } from './profiles.ts';

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
  const signIn = { device, signedIn: (tokens: TokenResponse, socket?: WebSocket) => void signedIn(ui, tokens, socket), back: () => signInScreen(ui) };
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

/** Signed in; `socket`: the one the tokens came on, kept for the device session (one connection fewer). */
async function signedIn(ui: Ui, tokens: TokenResponse, socket?: WebSocket): Promise<void> {
  tokenStore.save(tokens);
  deviceSession.start(socket);
  ui.setOnline(true);
  // The name and profiles are niceties; the TV is signed in either way.
  const info = (await fetchSignedInInfo(tokens.access_token)) ?? { name: '', profiles: [] };
  signedInScreen(ui, info, !info.profile && info.profiles.length > 1);
}

/** "Signed in as …", then "Who's watching?" (when asking) or who is watching, and Sign Out. */
function signedInScreen(ui: Ui, info: SignedInInfo, asking: boolean): void {
  const { t } = ui;
  const heading = el('h1', { id: 'signed-in' }, t('tv.signedInAs', { name: info.name }));
  if (asking) {
    const choose = async (profile: ProfileChoice) => {
      const token = tokenStore.load()?.access_token;
      const chosen = token ? await chooseProfile(token, profile.id) : null;
      signedInScreen(ui, { ...info, profile: chosen ?? profile }, false);
    };
    ui.show([heading, el('h2', { id: 'whos-watching' }, t('tv.whosWatching')), profileButtons(ui, info.profiles, (profile) => void choose(profile))]);
    return;
  }
  ui.show([
    heading,
    ...(info.profile ? [el('p', { id: 'watching-as' }, t('tv.watchingAs', { name: info.profile.name }))] : []),
    el('div', { className: 'menu' },
      el('button', { id: 'sign-out', onclick: () => signOut(ui), autofocus: true }, t('common.signOut')),
      ...(info.profiles.length > 1 ? [el('button', { id: 'switch-profile', className: 'secondary', onclick: () => signedInScreen(ui, info, true) }, t('tv.switchProfile'))] : []),
    ),
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
