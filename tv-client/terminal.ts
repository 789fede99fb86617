import QRCode from 'qrcode';
import { WebSocket as NodeWebSocket } from 'ws';
import { localeFromAcceptLanguage, translator, errorMessage } from '../shared/i18n/index.ts';
import { errorByCode } from '../shared/errors.ts';
import type { TokenResponse } from '../shared/protocol.ts';
import { WebSignIn } from './src/webSignIn.ts';

// `npm run tv [server address]`: a TV in the terminal for people without a TV at hand. The same
// "Sign In from Web" as the TV app (one WebSignIn: codes, WebSocket, reconnects, renewals),
// drawn with the QR code in the terminal; prints the account and the token's subject when the
// phone approves, then exits. Language from LANG (e.g. sv_SE.UTF-8).

// The same defaults as the server: PUBLIC_URL, else localhost on PORT.
const baseUrl = (process.argv[2] || process.env.TV_SERVER || process.env.PUBLIC_URL || `http://localhost:${process.env.PORT || 3000}`).replace(/\/+$/, '');
const locale = localeFromAcceptLanguage((process.env.LANGUAGE ?? process.env.LANG ?? '').split(/[.:]/)[0]?.replace('_', '-'));
const t = translator(locale);
const say = (line = '') => process.stdout.write(`${line}\n`);

/** The JWT's subject; the terminal TV only shows it, the server verified the token it issued. */
function subjectOf(accessToken: string): string {
  const payload = accessToken.split('.')[1] ?? '';
  return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: string }).sub ?? '?';
}

async function signedIn(tokens: TokenResponse): Promise<void> {
  const response = await fetch(`${baseUrl}/oauth/userinfo`, { headers: { Authorization: `Bearer ${tokens.access_token}` } }).catch(() => null);
  const name = response?.ok ? ((await response.json()) as { name?: string }).name ?? '' : '';
  say();
  say(`✔ ${t('tv.signedInAs', { name })}`);
  say(`subject: ${subjectOf(tokens.access_token)}`);
  process.exit(0);
}

let online = true;
const session = new WebSignIn(
  {
    async code(code, expiresAt) {
      const qr = await QRCode.toString(code.verification_uri_complete, { type: 'terminal', small: true, errorCorrectionLevel: 'M' });
      const minutes = Math.round((expiresAt - Date.now()) / 60_000);
      say();
      say(t('tv.signInFromWeb'));
      say(qr);
      say(`${t('tv.scanOrVisit')} ${code.verification_uri}`);
      say(`${t('tv.andEnter')} ${code.user_code}`);
      say(t('tv.expiresIn', { time: `${minutes}:00` }));
    },
    scanned: () => say(t('tv.scanned')),
    approved: (tokens) => void signedIn(tokens),
    denied(code) {
      const known = errorByCode(code);
      say(`${t('tv.denied')} ${known ? errorMessage(locale, known.id) : ''} ${t('common.errorCode', { code })}`);
      process.exit(1);
    },
    connection(nowOnline) {
      if (nowOnline !== online) say(nowOnline ? '' : `${t('tv.noConnection')} ${t('common.errorCode', { code: 'TV-700' })}`);
      online = nowOnline;
    },
  },
  { name: process.env.TV_NAME ?? 'Terminal TV', model: 'npm run tv' },
  { baseUrl, openSocket: (url) => new NodeWebSocket(url) as unknown as WebSocket },
);

say(`${t('tv.starting')} (${baseUrl})`);
session.start();
process.on('SIGINT', () => {
  session.stop();
  process.exit(130);
});
