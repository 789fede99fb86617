// Remote-control navigation: arrow keys move focus between the screen's buttons, Enter presses
// (native), Backspace and Escape go back. Focus is always on something visible.

export function focusFirst(container: HTMLElement): void {
  const first = container.querySelector<HTMLElement>('[autofocus], button, [tabindex="0"]');
  first?.focus();
}

function focusables(container: HTMLElement): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>('button:not([disabled]), input, [tabindex="0"]')];
}

export function installRemoteNavigation(container: HTMLElement, back: () => void): void {
  document.addEventListener('keydown', (event) => {
    const items = focusables(container);
    const index = items.indexOf(document.activeElement as HTMLElement);
    const typing = document.activeElement instanceof HTMLInputElement;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowRight':
        items[(index + 1) % items.length]?.focus();
        event.preventDefault();
        return;
      case 'ArrowUp':
      case 'ArrowLeft':
        items[(index - 1 + items.length) % items.length]?.focus();
        event.preventDefault();
        return;
      case 'Escape':
      case 'Backspace':
        if (typing && event.key === 'Backspace') return;
        back();
        event.preventDefault();
        return;
      default:
        if (index < 0 && items.length) items[0]?.focus();
    }
  });
}
