import type { TokenResponse } from '../../shared/protocol.ts';
import { errorByCode } from '../../shared/errors.ts';
import { el } from './dom.ts';
import type { Ui } from './ui.ts';
import { createOnScreenKeyboard } from './onScreenKeyboard.ts';
import { signInWithPassword } from './passwordSignIn.ts';

// "Sign in with the remote": first the email or phone number, then the password with that login
// shown for checking and a Previous button to fix it, ⇧ for capitals and Show Password. A wrong
// password points to password help; any other failure shows its message and error code.

export interface RemoteSignInOptions {
  device: { name: string; model: string };
  signedIn(tokens: TokenResponse): void;
  back(): void;
}

export function remoteSignIn(ui: Ui, options: RemoteSignInOptions, initialLogin = ''): void {
  const { t } = ui;
  const message = el('p', { className: 'message', id: 'remote-message', role: 'status' });
  const keyboard = createOnScreenKeyboard({ t, label: t('signIn.loginLabel'), id: 'login-field', secret: false, initial: initialLogin, onChange: () => (message.textContent = '') });
  const next = () => {
    const login = keyboard.value().trim();
    if (!login) {
      message.textContent = t('tv.loginRequired');
      return;
    }
    passwordScreen(ui, options, login);
  };
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
  const keyboard = createOnScreenKeyboard({ t, label: t('signIn.passwordLabel'), id: 'password-field', secret: true, onChange: () => message.replaceChildren() });
  const previous = () => remoteSignIn(ui, options, login);
  const reveal = el('button', { id: 'show-password', className: 'toggle', ariaPressed: 'false' }, t('signIn.showPassword'));
  reveal.onclick = () => {
    const revealed = reveal.ariaPressed !== 'true';
    reveal.ariaPressed = String(revealed);
    keyboard.setRevealed(revealed);
  };
  let busy = false;
  const submit = async () => {
    if (busy) return;
    const password = keyboard.value();
    if (!password) {
      message.replaceChildren(el('p', {}, t('tv.passwordRequired')));
      return;
    }
    busy = true;
    message.replaceChildren(el('p', { className: 'muted' }, t('tv.signingIn')));
    const result = await signInWithPassword(login, password, options.device);
    busy = false;
    if (result.ok) options.signedIn(result.tokens);
    else passwordScreen(ui, options, login, result.code);
  };
  if (errorCode) message.replaceChildren(...errorFor(ui, errorCode));
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
    { back: previous, key: (event) => keyboard.typeFromKeyboard(event) },
  );
}

/** A wrong password leads to password help; anything else shows its message and code. */
function errorFor(ui: Ui, code: string): HTMLElement[] {
  const lines = ui.errorLines(code);
  if (errorByCode(code)?.id !== 'wrong_credentials') return lines;
  return [lines[0]!, el('p', { className: 'help', id: 'password-help' }, ui.t('tv.wrongPasswordHelp', { url: `${location.host}/loginhelp` })), lines[1]!];
}
