import QRCode from 'qrcode';
import type { TokenResponse } from '../../shared/protocol.ts';
import { localeFromAcceptLanguage, translator } from '../../shared/i18n/index.ts';
import { WebSignIn, type DeviceCode } from './webSignIn.ts';
import { focusFirst, installRemoteNavigation } from './focus.ts';
import { DeviceSessionLink, localTokenStore, revokeDevice } from './deviceSession.ts';

// The TV app: Sign In → Sign In from Web (QR code + code), then "Signed in as …".

const screen = document.getElementById('screen')!;
const statusBar = document.getElementById('status-bar')!;
const params = new URLSearchParams(location.search);
const locale = params.get('lang') ?? localeFromAcceptLanguage(navigator.languages.join(','));
const t = translator(locale);
document.documentElement.lang = locale;
const device = { name: params.get('name') ?? 'Living room TV', model: params.get('model') ?? 'Web TV' };
const TOKEN_KEY = 'tv.tokens';
const tokenStore = localTokenStore(TOKEN_KEY);
// Signed in, the TV stays reachable so a sign-out on the Account page brings it back here.
const deviceSession = new DeviceSessionLink({ store: tokenStore, signedOut: () => signInScreen() });

let webSignIn: WebSignIn | undefined;
let back: () => void = () => {};
let countdown: ReturnType<typeof setInterval> | undefined;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> & { className?: string } = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function show(...children: Node[]): void {
  clearInterval(countdown);
  screen.replaceChildren(...children);
  focusFirst(screen);
}

function setOnline(online: boolean): void {
  statusBar.textContent = online ? '' : t('tv.noConnection');
  statusBar.classList.toggle('visible', !online);
}

function signInScreen(): void {
  webSignIn?.stop();
  back = () => {};
  show(
    el('h1', {}, t('tv.signIn')),
    el('button', { onclick: webScreen, autofocus: true, id: 'sign-in-from-web' }, t('tv.signInFromWeb')),
  );
}

function webScreen(): void {
  back = signInScreen;
  show(el('p', { className: 'muted' }, t('tv.starting')));
  webSignIn = new WebSignIn(
    {
      code: (code, expiresAt) => void showCode(code, expiresAt),
      scanned: () => {
        const message = document.getElementById('web-message');
        if (message) message.textContent = t('tv.scanned');
      },
      approved: (tokens) => void signedIn(tokens),
      denied: (errorCode) =>
        show(
          el('h1', {}, t('tv.denied')),
          el('p', { className: 'error-code' }, t('common.errorCode', { code: errorCode })),
          el('button', { onclick: webScreen, autofocus: true }, t('tv.getNewCode')),
        ),
      connection: setOnline,
    },
    device,
  );
  webSignIn.start();
}

async function showCode(code: DeviceCode, expiresAt: number): Promise<void> {
  const qr = el('div', { className: 'qr', id: 'qr' });
  qr.innerHTML = await QRCode.toString(code.verification_uri_complete, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  const remaining = el('p', { className: 'muted', id: 'countdown' });
  const tick = () => {
    const seconds = Math.max(0, Math.round((expiresAt - Date.now()) / 1000));
    remaining.textContent = t('tv.expiresIn', { time: `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}` });
  };
  const url = code.verification_uri.replace(/^https?:\/\//, '');
  show(
    el('h1', {}, t('tv.signInFromWeb')),
    el('div', { className: 'web' },
      qr,
      el('div', {},
        el('p', {}, t('tv.scanOrVisit')),
        el('p', { className: 'url', id: 'verification-uri' }, url),
        el('p', {}, t('tv.andEnter')),
        el('p', { className: 'code', id: 'user-code' }, code.user_code),
        remaining,
        el('p', { className: 'message', id: 'web-message' }),
      ),
    ),
  );
  tick();
  countdown = setInterval(tick, 1000);
}

async function signedIn(tokens: TokenResponse): Promise<void> {
  tokenStore.save(tokens);
  deviceSession.start();
  let name = '';
  try {
    const response = await fetch('/oauth/userinfo', { headers: { Authorization: `Bearer ${tokens.access_token}` } });
    if (response.ok) name = ((await response.json()) as { name?: string }).name ?? '';
  } catch {
    // The name is a nicety; the TV is signed in either way.
  }
  back = () => {};
  show(
    el('h1', { id: 'signed-in' }, t('tv.signedInAs', { name })),
    el('button', { onclick: signOut, autofocus: true }, t('common.signOut')),
  );
}

function signOut(): void {
  deviceSession.stop();
  void revokeDevice(tokenStore.load());
  tokenStore.clear();
  signInScreen();
}

installRemoteNavigation(screen, () => back());
const saved = localStorage.getItem(TOKEN_KEY);
if (saved) void signedIn(JSON.parse(saved) as TokenResponse);
else signInScreen();
