import type { Page } from 'playwright-core';

// Driving the TV like a person with a remote: only arrow keys, Enter and Back. To reach a
// control the helper looks at the screen (where the focus is, where the target is) and presses
// arrows towards it, exactly what a viewer does with their eyes and thumb.

const MAX_STEPS = 40;

type Point = { x: number; y: number };

/** Where the focus is, where the target is, and whether they are the same (one round trip). */
function look(page: Page, selector: string): Promise<{ from: Point | null; to: Point | null; there: boolean }> {
  return page.evaluate((sel) => {
    const center = (element: Element | null) => {
      if (!element || element === document.body) return null;
      const rect = element.getBoundingClientRect();
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    };
    const target = document.querySelector(sel);
    return { from: center(document.activeElement), to: center(target), there: target !== null && document.activeElement === target };
  }, selector);
}

/** Moves the focus to `selector` with arrow keys only. */
export async function focusWithRemote(page: Page, selector: string): Promise<void> {
  let previous: { from: Point; pressed: string; other: string } | undefined;
  for (let step = 0; step < MAX_STEPS; step++) {
    const { from, to, there } = await look(page, selector);
    if (!to) throw new Error(`nothing on the TV screen matches ${selector}`);
    if (there) return;
    if (!from) {
      await page.keyboard.press('ArrowDown');
      continue;
    }
    // The last press led nowhere (nothing that way): try the other way.
    if (previous && previous.from.x === from.x && previous.from.y === from.y) {
      await page.keyboard.press(previous.other);
      previous = undefined;
      continue;
    }
    const dx = to.x - from.x;
    const dy = to.y - from.y;
    const vertical = dy > 0 ? 'ArrowDown' : 'ArrowUp';
    const horizontal = dx > 0 ? 'ArrowRight' : 'ArrowLeft';
    // Along the longer way first, as a person would.
    const verticalFirst = Math.abs(dy) > 12 && (Math.abs(dy) >= Math.abs(dx) / 2 || Math.abs(dx) <= 12);
    const [pressed, other] = verticalFirst ? [vertical, horizontal] : [horizontal, vertical];
    await page.keyboard.press(pressed);
    previous = { from, pressed, other };
  }
  throw new Error(`could not reach ${selector} with the arrow keys in ${MAX_STEPS} presses`);
}

/** Moves to `selector` and presses Enter (OK on the remote). */
export async function pressWithRemote(page: Page, selector: string): Promise<void> {
  await focusWithRemote(page, selector);
  await page.keyboard.press('Enter');
}

/** Types text on the on-screen keyboard with arrows and Enter, using ⇧ for capitals. */
export async function typeWithRemote(page: Page, text: string): Promise<void> {
  for (const char of text) {
    const wantUpper = /[A-Z]/.test(char);
    if (/[a-zA-Z]/.test(char)) {
      const upper = (await page.getAttribute('.keyboard [data-key="shift"]', 'aria-pressed')) === 'true';
      if (upper !== wantUpper) await pressWithRemote(page, '.keyboard [data-key="shift"]');
    }
    const key = char === ' ' ? 'space' : char.toLowerCase();
    await pressWithRemote(page, `.keyboard [data-key="${key.replace(/["\\]/g, '\\$&')}"]`);
  }
}

/** The Back key of each TV platform, as its browser reports it (key and the Windows virtual key code). */
export const PLATFORM_BACK_KEYS = [
  { platform: 'webOS', key: 'GoBack', keyCode: 461 },
  { platform: 'Tizen', key: 'XF86Back', keyCode: 10009 },
  { platform: 'Android TV', key: 'BrowserBack', keyCode: 166 },
  { platform: 'keyboard', key: 'Escape', keyCode: 27 },
] as const;

/**
 * Presses a key that Playwright's keyboard does not know (a TV remote's Back) through the
 * browser's real input pipeline (DevTools Input.dispatchKeyEvent), not a synthetic DOM event.
 */
export async function pressRemoteKey(page: Page, key: string, keyCode: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    for (const type of ['rawKeyDown', 'keyUp'] as const) {
      await cdp.send('Input.dispatchKeyEvent', { type, key, code: key, windowsVirtualKeyCode: keyCode, nativeVirtualKeyCode: keyCode });
    }
  } finally {
    await cdp.detach();
  }
}

/** From the TV's Sign In menu: sign in with the remote, typing login and password on a keyboard (Enter continues). */
export async function signInWithRemote(page: Page, login: string, password: string): Promise<void> {
  await pressWithRemote(page, '#sign-in-with-remote');
  await page.keyboard.type(login);
  await page.keyboard.press('Enter');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
}
