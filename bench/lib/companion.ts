import { Agent } from 'node:http';
import { httpCall, mergeCookies } from './httpForm.ts';

// The viewer's phone: signs in once on the companion site (one scrypt hash), then presses
// Start Watching (POST /tv8/confirm, the same request the real page sends) for each TV. Sessions
// and CSRF cookies live in Redis / are keyed by the shared APP_SECRET, so the same phone can
// confirm on any node. Code entry (POST /tv8, "Continue") is left out on purpose: it is rate-limited
// to 30 codes per account per 10 minutes, which is right for people and would stop a benchmark.

export interface Companion {
  /** Presses Start Watching on `baseUrl` for a code; resolves when the server answered. */
  confirm(baseUrl: string, userCode: string): Promise<void>;
  /** The same, answering the HTTP status (303 is success) instead of throwing on others. */
  confirmStatus(baseUrl: string, userCode: string): Promise<number>;
  close(): void;
}

export async function signInCompanion(baseUrl: string, login: string, password: string): Promise<Companion> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const loginPage = await httpCall('GET', `${baseUrl}/login`, null, { agent });
  let cookie = mergeCookies('', loginPage.headers['set-cookie']);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(loginPage.body)?.[1];
  if (!csrf) throw new Error('the sign-in page has no CSRF token');
  const signedIn = await httpCall('POST', `${baseUrl}/login`, { login, password, next: '/', _csrf: csrf }, { agent, cookie });
  if (signedIn.status !== 303) throw new Error(`companion sign-in failed with ${signedIn.status}`);
  cookie = mergeCookies(cookie, signedIn.headers['set-cookie']);

  const confirmStatus = async (nodeUrl: string, userCode: string) =>
    (await httpCall('POST', `${nodeUrl}/tv8/confirm`, { code: userCode, decision: 'approve', _csrf: csrf }, { agent, cookie })).status;
  return {
    async confirm(nodeUrl, userCode) {
      const status = await confirmStatus(nodeUrl, userCode);
      // 303 to /tv8/done is success; anything else (400 code not found, 403 form expired) is an error.
      if (status !== 303) throw new Error(`confirm answered ${status}`);
    },
    confirmStatus,
    close: () => agent.destroy(),
  };
}
