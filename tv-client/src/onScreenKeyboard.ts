import type { Translate } from '../../shared/i18n/index.ts';
import { el } from './dom.ts';

// The on-screen keyboard for typing with a remote: letters, digits and the symbols emails and
// passwords need, a ⇧ key switching capitals and small letters (passwords are case-sensitive),
// Space and Delete. A real keyboard (some remotes have one) types straight into the field too,
// and its Enter then submits the screen (onEnter): someone typing on a keyboard means "Continue",
// not "press the on-screen key that happens to have the focus". After an arrow key the person is
// using the remote again, and Enter (OK) presses the focused key.

const ROWS = ['abcdefghij', 'klmnopqrst', 'uvwxyz@.-_', '1234567890', '!#$%&*+?/='];
const MAX_LENGTH = 256;

export interface OnScreenKeyboard {
  /** The field showing what was typed (masked when secret and not revealed). */
  readonly field: HTMLElement;
  readonly keys: HTMLElement;
  value(): string;
  setRevealed(revealed: boolean): void;
  /** Types a key from a real keyboard; true when it was used. */
  typeFromKeyboard(event: KeyboardEvent): boolean;
}

export function createOnScreenKeyboard(options: { t: Translate; label: string; id: string; secret: boolean; initial?: string; onChange?: () => void; onEnter?: () => void }): OnScreenKeyboard {
  const { t } = options;
  let value = options.initial ?? '';
  let upper = false;
  let revealed = !options.secret;
  let typingOnKeyboard = false;

  const field = el('div', { className: 'field', id: options.id, role: 'textbox', ariaLabel: options.label, ariaReadOnly: 'true' });
  const letterKeys: HTMLButtonElement[] = [];

  const render = () => {
    field.textContent = revealed ? value : '•'.repeat(value.length);
    field.classList.toggle('empty', value === '');
    for (const key of letterKeys) key.textContent = upper ? key.dataset.key!.toUpperCase() : key.dataset.key!;
  };
  const type = (text: string) => {
    value = (value + text).slice(0, MAX_LENGTH);
    render();
    options.onChange?.();
  };
  const erase = () => {
    value = value.slice(0, -1);
    render();
    options.onChange?.();
  };

  const charKey = (char: string) => {
    // Focus starts on the keyboard's first key, ready to type.
    const key = el('button', { className: 'key', autofocus: char === ROWS[0]![0], dataset: { key: char }, onclick: () => type(upper ? char.toUpperCase() : char) }, char);
    if (/[a-z]/.test(char)) letterKeys.push(key);
    return key;
  };
  const shift = el('button', { className: 'key wide', dataset: { key: 'shift' }, ariaLabel: t('tv.keyShift'), ariaPressed: 'false' }, '⇧');
  shift.onclick = () => {
    upper = !upper;
    shift.ariaPressed = String(upper);
    render();
  };
  const keys = el('div', { className: 'keyboard' },
    ...ROWS.map((row) => el('div', { className: 'key-row' }, ...[...row].map(charKey))),
    el('div', { className: 'key-row' },
      shift,
      el('button', { className: 'key wide', dataset: { key: '.com' }, onclick: () => type('.com') }, '.com'),
      el('button', { className: 'key space', dataset: { key: 'space' }, onclick: () => type(' ') }, t('tv.keySpace')),
      el('button', { className: 'key wide', dataset: { key: 'delete' }, ariaLabel: t('tv.keyDelete'), onclick: erase }, '⌫'),
    ),
  );
  render();

  return {
    field,
    keys,
    value: () => value,
    setRevealed(next) {
      revealed = next;
      render();
    },
    typeFromKeyboard(event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return false;
      if (event.key.startsWith('Arrow')) {
        typingOnKeyboard = false;
        return false;
      }
      if (event.key === 'Enter' && typingOnKeyboard && options.onEnter) {
        options.onEnter();
        return true;
      }
      if (event.key === 'Backspace' && value) {
        erase();
        typingOnKeyboard = true;
        return true;
      }
      // Space is left to the buttons (it presses the focused one); the on-screen key types it.
      if (event.key.length === 1 && event.key !== ' ') {
        type(event.key);
        typingOnKeyboard = true;
        return true;
      }
      return false;
    },
  };
}
