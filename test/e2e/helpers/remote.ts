import type { Page } from 'playwright-core';

// Driving the TV like a person with a remote: only arrow keys, Enter and Back. To reach a
// control the helper looks at the screen (where the focus is, where the target is) and presses
// arrows towards it, exactly what a viewer does with their eyes and thumb.

const MAX_STEPS = 40;

async function centerOf(page: Page, selector: string | null): Promise<{ x: number; y: number } | null> {
  return page.evaluate((sel) => {
    const element = sel ? document.querySelector(sel) : document.activeElement;
    if (!element || element === document.body) return null;
    const rect = element.getBoundingClientRect();
    return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
  }, selector);
}

/** Moves the focus to `selector` with arrow keys only. */
export async function focusWithRemote(page: Page, selector: string): Promise<void> {
  for (let step = 0; step < MAX_STEPS; step++) {
    const [from, to] = [await centerOf(page, null), await centerOf(page, selector)];
    if (!to) throw new Error(`nothing on the TV screen matches ${selector}`);
    if (await page.evaluate((sel) => document.activeElement === document.querySelector(sel), selector)) return;
    if (!from) {
      await page.keyboard.press('ArrowDown');
      continue;
    }
    const dx = to.x - from.x;
    const dy = to.y - from.y;
    if (Math.abs(dy) > 12) await page.keyboard.press(dy > 0 ? 'ArrowDown' : 'ArrowUp');
    else await page.keyboard.press(dx > 0 ? 'ArrowRight' : 'ArrowLeft');
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
