import type { TokenResponse } from '../../shared/protocol.ts';
import { errorByCode } from '../../shared/errors.ts';
import { el } from './dom.ts';
import type { Ui } from './ui.ts';
import { createOnScreenKeyboard } from './onScreenKeyboard.ts';
import { signInWithPassword } from './passwordSignIn.ts';
import { backoffMs } from './connection.ts';
import { qrElement } from './qr.ts';

// "Sign in with the remote": first the email or phone number, then the password with that login
// shown for checking and a Previous button to fix it, ⇧ for capitals and Show Password. A wrong
// password points to password help (a QR code to it and its address); when the service cannot
// be reached, what was typed stays, the TV tries again by itself and offers Try Again; any other
// failure shows its message and error code.

export interface RemoteSignInOptions {
  device: { name: string; model: string };
  signedIn(tokens: TokenResponse): void;
  back(): void;
}

/** No answer, or the service said it is unavailable: worth trying again with the same input. */
const RETRYABLE = new Set(['TV-700', 'TV-503']);

export function remoteSignIn(ui: Ui, options: RemoteSignInOptions, initialLogin = ''): void {
  const { t } = ui;
  const message = el('p', { className: 'message', id: 'remote-message', role: 'status' });
  const next = () => {
    const login = keyboard.value().trim();
    if (!login) {
      message.textContent = t('tv.loginRequired');
      return;
    }
    passwordScreen(ui, options, login);
  };
  const keyboard = createOnScreenKeyboard({ t, label: t('signIn.loginLabel'), id: 'login-field', secret: false, initial: initialLogin, onChange: () => (message.textContent = ''), onEnter: next });
  ui.show(
    [
      el('h1', {}, t('tv.enterLogin')),
      el('div', { className: 'form' }, keyboard.field, keyboard.keys, message,
        el('button', { id: 'login-continue', onclick: next }, t('common.continue'))),
    ],
    { back: options.back, key: (event) => keyboard.typeFromKeyboard(event) },
  );
}

function passwordScreen(ui: Ui, options: RemoteSignInOptions, login: string, errorCode?: string): void {
  const { t } = ui;
  const message = el('div', { className: 'message', id: 'remote-message' });
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  const stopRetrying = () => {
    clearTimeout(retryTimer);
    failures = 0;
  };
  const keyboard = createOnScreenKeyboard({
    t, label: t('signIn.passwordLabel'), id: 'password-field', secret: true,
    onChange: () => {
      stopRetrying();
      message.replaceChildren();
    },
    onEnter: () => void submit(),
  });
  const previous = () => remoteSignIn(ui, options, login);
  const reveal = el('button', { id: 'show-password', className: 'toggle', ariaPressed: 'false' }, t('signIn.showPassword'));
  reveal.onclick = () => {
    const revealed = reveal.ariaPressed !== 'true';
    reveal.ariaPressed = String(revealed);
    keyboard.setRevealed(revealed);
  };
  let busy = false;
  let left = false;

  /** The service is out of reach: say so, keep the input, count down to the next try. */
  const unreachable = (code: string) => {
    failures += 1;
    const retryAt = Date.now() + backoffMs(failures + 1);
    const countdown = el('p', { id: 'retry-countdown' });
    const tryAgain = el('button', { id: 'try-again', className: 'small', onclick: () => void submit() }, t('tv.tryAgain'));
    const tick = () => {
      if (left) return;
      const seconds = Math.ceil((retryAt - Date.now()) / 1000);
      if (seconds <= 0) {
        countdown.textContent = t('tv.retrying');
        void submit();
        return;
      }
      countdown.textContent = t('tv.retryingIn', { seconds });
      retryTimer = setTimeout(tick, Math.min(1000, retryAt - Date.now() - (seconds - 1) * 1000));
    };
    message.replaceChildren(...ui.errorLines(code), el('div', { className: 'retry' }, countdown, tryAgain));
    tick();
  };

  const submit = async () => {
    if (busy) return;
    clearTimeout(retryTimer);
    const password = keyboard.value();
    if (!password) {
      message.replaceChildren(el('p', {}, t('tv.passwordRequired')));
      return;
    }
    busy = true;
    const retrying = message.querySelector('#retry-countdown');
    if (retrying) retrying.textContent = t('tv.retrying');
    else message.replaceChildren(el('p', { className: 'muted' }, t('tv.signingIn')));
    const result = await signInWithPassword(login, password, options.device);
    busy = false;
    if (left) return;
    if (result.ok) options.signedIn(result.tokens);
    else if (RETRYABLE.has(result.code)) unreachable(result.code);
    else passwordScreen(ui, options, login, result.code);
  };
  if (errorCode) void errorFor(ui, errorCode).then((lines) => message.replaceChildren(...lines));
  ui.show(
    [
      el('h1', {}, t('tv.enterPassword')),
      el('div', { className: 'form' },
        el('p', { className: 'login-check' }, `${t('tv.usingLogin')} `, el('strong', { id: 'login-shown' }, login), ' ',
          el('button', { id: 'previous', className: 'small', onclick: previous }, t('tv.previous'))),
        keyboard.field,
        keyboard.keys,
        el('p', { className: 'muted hint' }, t('tv.caseSensitive')),
        message,
        el('div', { className: 'actions' }, reveal, el('button', { id: 'password-sign-in', onclick: () => void submit() }, t('common.signIn'))),
      ),
    ],
    {
      back: previous,
      key: (event) => keyboard.typeFromKeyboard(event),
      leave: () => {
        left = true;
        clearTimeout(retryTimer);
      },
    },
  );
}

/** A wrong password leads to password help (a QR code for the phone, and the address); anything else shows its message and code. */
async function errorFor(ui: Ui, code: string): Promise<HTMLElement[]> {
  const lines = ui.errorLines(code);
  if (errorByCode(code)?.id !== 'wrong_credentials') return lines;
  const help = new URL(`/loginhelp?lang=${ui.locale}`, location.origin);
  const address = `${location.host}/loginhelp`;
  const qr = await qrElement(help.toString(), 'password-help-qr');
  return [
    el('div', { className: 'help-with-qr' }, qr,
      el('div', {}, lines[0]!, el('p', { className: 'help', id: 'password-help' }, ui.t('tv.wrongPasswordHelp', { url: address })), lines[1]!)),
  ];
}
