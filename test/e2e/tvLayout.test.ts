import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumAvailable, screenshot } from './helpers/chromium.ts';
import { pressWithRemote, signInWithRemote } from './helpers/remote.ts';
import { e2eBackend } from './helpers/server.ts';
import { useBrowserSession } from './helpers/session.ts';
import { DEMO_ACCOUNT } from '../helpers/testNode.ts';

// The 10-foot layout at the sizes TVs give a web page, from a Chromecast's 960×540 CSS pixels
// to 4K at 3840×2160: every screen keeps everything inside the overscan-safe area (5% in from
// each edge), and at 1080p the keys are big and no text is smaller than 24 px.

const SIZES = [
  { width: 960, height: 540 },
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
];
const SAFE_MARGIN = 0.05;

interface Outside {
  element: string;
  rect: { left: number; top: number; right: number; bottom: number };
}

/** Every visible element outside the safe area (measured without the focus zoom), and whether the page scrolls. */
function measure(page: Page): Promise<{ outside: Outside[]; scrolls: boolean; focusedInside: boolean; smallestTextPx: number; keyHeightPx: number }> {
  return page.evaluate((margin) => {
    const [width, height] = [innerWidth, innerHeight];
    const safe = { left: width * margin - 1, top: height * margin - 1, right: width * (1 - margin) + 1, bottom: height * (1 - margin) + 1 };
    const focused = document.activeElement as HTMLElement | null;
    focused?.blur();
    const outside: Outside[] = [];
    let smallestTextPx = Infinity;
    for (const element of document.body.querySelectorAll('*')) {
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0 || getComputedStyle(element).visibility === 'hidden') continue;
      // What a viewer sees: text, controls, the QR code and the typing field (not the page's own box).
      const ownText = [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.trim() !== '');
      if (!ownText && !element.matches('button, svg, .qr, .field')) continue;
      if (rect.left < safe.left || rect.top < safe.top || rect.right > safe.right || rect.bottom > safe.bottom) {
        outside.push({ element: `${element.tagName.toLowerCase()}#${element.id}.${element.className}`, rect: { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom } });
      }
      if (ownText) smallestTextPx = Math.min(smallestTextPx, parseFloat(getComputedStyle(element).fontSize));
    }
    focused?.focus();
    const zoomed = focused?.getBoundingClientRect();
    const focusedInside = !zoomed || (zoomed.left >= 0 && zoomed.top >= 0 && zoomed.right <= width && zoomed.bottom <= height);
    const scrolls = document.documentElement.scrollWidth > width || document.documentElement.scrollHeight > height;
    const key = document.querySelector('.keyboard [data-key="a"]')?.getBoundingClientRect();
    return { outside, scrolls, focusedInside, smallestTextPx, keyHeightPx: key?.height ?? 0 };
  }, SAFE_MARGIN);
}

describe.skipIf(!chromiumAvailable)(`browser: the TV layout from 960×540 to 3840×2160 (server on ${e2eBackend.name})`, () => {
  const session = useBrowserSession();

  /** Looks at the current screen at every size, as a person looking at each TV would. */
  async function checkEverySize(tv: Page, name: string) {
      for (const size of SIZES) {
        await tv.setViewportSize(size);
        const label = `${name} at ${size.width}×${size.height}`;
        const result = await measure(tv);
        expect(result.outside, label).toEqual([]);
        expect(result.scrolls, label).toBe(false);
        expect(result.focusedInside, label).toBe(true);
        if (size.width === 1920) {
          expect(result.smallestTextPx, `${label}: smallest text`).toBeGreaterThanOrEqual(24);
          if (result.keyHeightPx) expect(result.keyHeightPx, `${label}: key height`).toBeGreaterThanOrEqual(44);
        }
        await tv.screenshot({ path: `test-results/e2e/60-tv-${name}-${size.width}x${size.height}.png` });
      }
      await tv.setViewportSize(SIZES[0]!);
  }

  it('menu, QR code, Language, typing and a wrong password fit every size, inside a 5% margin', async () => {
    const baseUrl = await session.startServer();
    const tv = await session.openWith({ viewport: SIZES[0]!, locale: 'en-US' });
    const check = (name: string) => checkEverySize(tv, name);

    await tv.goto(`${baseUrl}/tv`);
    await tv.locator('#sign-in-from-web').waitFor();
    await check('menu');
    await tv.keyboard.press('Enter');
    await tv.locator('#qr svg').waitFor();
    await check('qr');
    await tv.keyboard.press('Escape');
    await pressWithRemote(tv, '#language');
    await tv.locator('[data-locale="nl"]').waitFor();
    await check('language');
    await tv.keyboard.press('Escape');
    await pressWithRemote(tv, '#sign-in-with-remote');
    await tv.keyboard.type(DEMO_ACCOUNT.email);
    await check('email');
    await tv.keyboard.press('Enter');
    await tv.keyboard.type('not the password');
    await tv.keyboard.press('Enter');
    await tv.locator('#password-help-qr svg').waitFor();
    await check('wrong-password');
    // The longest message: the service out of reach, with Try Again.
    await tv.route('**/api/tv/signin', (route) => route.abort('internetdisconnected'));
    await tv.keyboard.type('still not it');
    await tv.keyboard.press('Enter');
    await tv.locator('#try-again').waitFor();
    await check('unreachable');
    await screenshot(tv, '61-tv-unreachable-960x540');
  }, 60_000);

  it("Who's watching? with five profiles and the signed-in screen fit every size too, in Dutch", async () => {
    const baseUrl = await session.startServer();
    await session.cluster.nodes[0]!.app.services.accounts.create({
      email: 'family@example.com', password: DEMO_ACCOUNT.password, name: 'Familie van der Berghe-Vermeulen',
      profiles: [{ name: 'Anna-Margaretha' }, { name: 'Bartholomeus' }, { name: 'Christiaan' }, { name: 'Kinderen', kids: true }, { name: 'Oma en opa' }],
    });
    const tv = await session.openWith({ viewport: SIZES[0]!, locale: 'nl-NL' });
    await tv.goto(`${baseUrl}/tv`);
    await signInWithRemote(tv, 'family@example.com', DEMO_ACCOUNT.password);
    await tv.locator('#whos-watching').waitFor();
    await checkEverySize(tv, 'whos-watching-nl');
    await pressWithRemote(tv, '.profiles button:has(.kids-badge)');
    await tv.locator('#watching-as').waitFor();
    await checkEverySize(tv, 'signed-in-nl');
  }, 60_000);
});
