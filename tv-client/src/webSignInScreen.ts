import type { TokenResponse } from '../../shared/protocol.ts';
import { el } from './dom.ts';
import type { Ui } from './ui.ts';
import { WebSignIn, type DeviceCode } from './webSignIn.ts';
import { qrElement } from './qr.ts';

// "Sign In from Web": the QR code, the address and the code, a countdown, "continue on your
// phone" once the code was opened, and the refusal with its error code.

export interface WebSignInScreenOptions {
  device: { name: string; model: string };
  /** `socket`: the open socket the tokens came on, for the app to keep (see WebSignInEvents.approved). */
  signedIn(tokens: TokenResponse, socket?: WebSocket): void;
  back(): void;
}

export function webSignInScreen(ui: Ui, options: WebSignInScreenOptions): void {
  const { t } = ui;
  let countdown: ReturnType<typeof setInterval> | undefined;
  const session = new WebSignIn(
    {
      code: (code, expiresAt) => void showCode(code, expiresAt),
      scanned: () => {
        const message = document.getElementById('web-message');
        if (message) message.textContent = t('tv.scanned');
      },
      approved: (tokens, socket) => {
        options.signedIn(tokens, socket);
        return true;
      },
      denied: (errorCode) =>
        ui.show(
          [
            el('h1', {}, t('tv.denied')),
            // The heading already says it was refused: only the code and where to get help.
            ...ui.errorLines(errorCode).slice(1),
            el('button', { onclick: () => webSignInScreen(ui, options), autofocus: true }, t('tv.getNewCode')),
          ],
          { back: options.back },
        ),
      connection: (online) => ui.setOnline(online),
    },
    options.device,
  );
  // Reloading or closing the page leaves the code too (the server is told; see WebSignIn.stop).
  const pageHidden = () => session.stop();
  addEventListener('pagehide', pageHidden);
  const leave = () => {
    removeEventListener('pagehide', pageHidden);
    clearInterval(countdown);
    session.stop();
  };

  async function showCode(code: DeviceCode, expiresAt: number): Promise<void> {
    const qr = await qrElement(code.verification_uri_complete, 'qr');
    const remaining = el('p', { className: 'muted', id: 'countdown' });
    const tick = () => {
      const seconds = Math.max(0, Math.round((expiresAt - Date.now()) / 1000));
      remaining.textContent = t('tv.expiresIn', { time: `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}` });
    };
    const url = code.verification_uri.replace(/^https?:\/\//, '');
    ui.show(
      [
        el('h1', {}, t('tv.signInFromWeb')),
        el('div', { className: 'web' },
          qr,
          el('div', {},
            el('p', {}, t('tv.scanOrVisit')),
            el('p', { className: 'url', id: 'verification-uri' }, url),
            el('p', {}, t('tv.andEnter')),
            el('p', { className: 'code', id: 'user-code' }, code.user_code),
            remaining,
            el('p', { className: 'message', id: 'web-message', role: 'status' }),
          ),
        ),
      ],
      { back: options.back, leave },
    );
    tick();
    clearInterval(countdown);
    countdown = setInterval(tick, 1000);
  }

  ui.show([el('p', { className: 'muted' }, t('tv.starting'))], { back: options.back, leave });
  session.start();
}
