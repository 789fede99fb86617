import { Browser, startPairing } from '../helpers/companion.ts';
import { TestTv } from '../helpers/tvSocket.ts';

// One whole sign-in against running processes, only over the network, the way a TV and a phone
// do it: device authorization → the TV listens on its WebSocket → the phone signs in, enters the
// code, presses Start Watching (cookies and CSRF as a browser) → the token is pushed → received.

export interface PairingResult {
  /** Start Watching answered → token message on the TV, in milliseconds. */
  pushMs: number;
  accessToken: string;
}

export async function pairOverNetwork(options: {
  tvNode: { baseUrl: string; wsUrl: string };
  phoneNode: { baseUrl: string };
  login: string;
  password: string;
  pushWithinMs: number;
}): Promise<PairingResult> {
  const start = await startPairing(options.tvNode.baseUrl);
  const tv = await TestTv.connect(options.tvNode.wsUrl);
  try {
    tv.listen(start.device_code);
    await tv.next('pending');
    const phone = new Browser(options.phoneNode.baseUrl);
    const signedIn = await phone.signIn(options.login, options.password);
    if (signedIn.status !== 303 && signedIn.status !== 302) throw new Error(`sign-in answered ${signedIn.status}: ${signedIn.text}`);
    const entered = await phone.enterCode(start.user_code.toLowerCase());
    if (entered.status >= 400) throw new Error(`code entry answered ${entered.status}: ${entered.text}`);
    await tv.next('scanned');
    const decidedAt = Date.now();
    const decided = await phone.decide(start.user_code, 'approve');
    if (decided.status >= 400) throw new Error(`Start Watching answered ${decided.status}: ${decided.text}`);
    const approved = await tv.next('approved', options.pushWithinMs);
    const pushMs = Date.now() - decidedAt;
    tv.send(JSON.stringify({ type: 'received' }));
    return { pushMs, accessToken: approved.access_token };
  } finally {
    await tv.close();
  }
}
