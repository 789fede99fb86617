// The Back key of each TV platform, as it reaches a web page: webOS (GoBack, keyCode 461),
// Tizen (XF86Back, 10009), Android TV and others (BrowserBack, 166), and Escape/Backspace on a
// keyboard. Some platforms send only the keyCode with an unhelpful `key`, so both are checked.

const BACK_KEYS = new Set(['Escape', 'Backspace', 'GoBack', 'BrowserBack', 'XF86Back', 'Back']);
const BACK_KEY_CODES = new Set([27, 8, 461, 10009, 166]);

export function isBackKey(event: KeyboardEvent): boolean {
  // keyCode is deprecated but is what webOS and Tizen document for their remotes.
  return BACK_KEYS.has(event.key) || BACK_KEY_CODES.has(event.keyCode);
}
