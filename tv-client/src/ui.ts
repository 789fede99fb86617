import type { Translate } from '../../shared/i18n/index.ts';
import { errorMessage } from '../../shared/i18n/index.ts';
import { errorByCode } from '../../shared/errors.ts';
import { el } from './dom.ts';
import { focusFirst, installRemoteNavigation, type RemoteHandlers } from './focus.ts';
import { HistoryGuard } from './historyGuard.ts';

// The TV's shell: one screen at a time, what Back does on it (the platform's Back key, an
// on-screen Back reachable with the arrows, and the browser's history Back all do the same), the
// "no connection" bar, and how an error is shown (plain words in the TV's language, the code,
// where to get help).

export interface Ui {
  readonly t: Translate;
  readonly locale: string;
  /**
   * Replaces the screen. `leave` runs when another screen replaces this one; a screen that
   * redraws itself passes the same `leave` and keeps running.
   */
  show(children: Node[], handlers?: Partial<RemoteHandlers> & { leave?: () => void }): void;
  setOnline(online: boolean): void;
  /** Message, error code and help address for a code from shared/errors.ts. */
  errorLines(code: string): HTMLElement[];
}

export function createUi(screen: HTMLElement, statusBar: HTMLElement, t: Translate, locale: string): Ui {
  let handlers: RemoteHandlers = {};
  let back: (() => void) | undefined;
  let leave: (() => void) | undefined;
  const guard = new HistoryGuard(() => back?.());
  installRemoteNavigation(screen, () => handlers);
  const host = location.host;

  return {
    t,
    locale,
    show(children, next = {}) {
      if (leave !== next.leave) leave?.();
      leave = next.leave;
      back = next.back;
      const goBack = back;
      handlers = {
        back: goBack && (() => {
          guard.keyBack();
          goBack();
        }),
        key: next.key,
      };
      // Last in the page so the screen's own first control gets the focus; shown top left.
      const backButton = goBack ? [el('button', { id: 'back', className: 'back', onclick: goBack }, t('common.back'))] : [];
      screen.replaceChildren(...children, ...backButton);
      guard.update(Boolean(goBack));
      focusFirst(screen);
    },
    setOnline(online) {
      statusBar.textContent = online ? '' : `${t('tv.noConnection')} ${t('common.errorCode', { code: 'TV-700' })}`;
      statusBar.classList.toggle('visible', !online);
    },
    errorLines(code) {
      const known = errorByCode(code);
      const shown = known ?? { ...errorByCode('TV-500')!, code };
      return [
        el('p', { className: 'error', role: 'alert' }, errorMessage(locale, shown.id)),
        el('p', { className: 'error-code' }, `${t('common.errorCode', { code: shown.code })} · ${t('tv.errorHelp', { url: `${host}/help/${shown.code}` })}`),
      ];
    },
  };
}
