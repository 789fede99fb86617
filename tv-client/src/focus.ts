// Remote-control navigation: arrow keys move focus to the nearest control in that direction (so
// grids like the on-screen keyboard work as they look), Enter presses (native for buttons), the
// platforms' Back keys go back (backKeys.ts). Focus is always on something visible.

import { isBackKey } from './backKeys.ts';

const FOCUSABLE = 'button:not([disabled]), [tabindex="0"]';

export function focusFirst(container: HTMLElement): void {
  const first = container.querySelector<HTMLElement>('[autofocus]') ?? container.querySelector<HTMLElement>(FOCUSABLE);
  first?.focus();
}

type Direction = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight';

function center(element: Element): { x: number; y: number } {
  const rect = element.getBoundingClientRect();
  return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
}

/** The nearest control in the direction, favouring ones in line with the current one. */
export function nextInDirection(current: HTMLElement, items: HTMLElement[], direction: Direction): HTMLElement | undefined {
  const from = center(current);
  const horizontal = direction === 'ArrowLeft' || direction === 'ArrowRight';
  const sign = direction === 'ArrowRight' || direction === 'ArrowDown' ? 1 : -1;
  let best: { item: HTMLElement; score: number } | undefined;
  for (const item of items) {
    if (item === current) continue;
    const to = center(item);
    const along = (horizontal ? to.x - from.x : to.y - from.y) * sign;
    const across = Math.abs(horizontal ? to.y - from.y : to.x - from.x);
    if (along <= 1) continue;
    const score = along + across * 3;
    if (!best || score < best.score) best = { item, score };
  }
  return best?.item;
}

export interface RemoteHandlers {
  /** Absent on a top-level screen: Back is left to the platform (which leaves the app). */
  back?(): void;
  /** A key the screen wants first (typing on a real keyboard); true when it was used. */
  key?(event: KeyboardEvent): boolean;
}

export function installRemoteNavigation(container: HTMLElement, handlers: () => RemoteHandlers): void {
  document.addEventListener('keydown', (event) => {
    const screen = handlers();
    if (screen.key?.(event)) {
      event.preventDefault();
      return;
    }
    const items = [...container.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const current = document.activeElement instanceof HTMLElement && items.includes(document.activeElement) ? document.activeElement : undefined;
    if (isBackKey(event)) {
      if (!screen.back) return;
      screen.back();
      event.preventDefault();
      return;
    }
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowRight':
      case 'ArrowUp':
      case 'ArrowLeft': {
        const next = current ? nextInDirection(current, items, event.key) : items[0];
        next?.focus();
        event.preventDefault();
        return;
      }
      default:
        if (!current) items[0]?.focus();
    }
  });
}
