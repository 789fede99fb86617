import { ListeningTv } from './benchTv.ts';
import type { Companion } from './companion.ts';
import { nowMs, sleep } from './time.ts';

// One whole sign-in as the product does it: the TV opens its WebSocket and asks for a code there
// (the TV app's way; it then listens for it), the phone presses Start Watching, the token arrives. The ledger counts every outcome so that lost
// and duplicated tokens are reported, not guessed.

export interface PairingTarget {
  /** Node the TV talks to (code request and WebSocket). */
  tvNode: { baseUrl: string; wsUrl: string };
  /** Node the phone's Start Watching goes to (the same node or another one). */
  confirmBaseUrl: string;
  companion: Companion;
  localAddress: string;
}

export class PairingLedger {
  readonly endToEndMs: number[] = [];
  readonly confirmToTvMs: number[] = [];
  errors = 0;
  lost = 0;
  duplicated = 0;
  readonly errorKinds = new Map<string, number>();
  private readonly tokens = new Set<string>();

  recordError(error: unknown) {
    this.errors += 1;
    // HTTP statuses stay ("confirm answered 429"); other numbers (ids, times) become N.
    const kind = (error as Error).message.replace(/(?<!answered )\b\d+/g, 'N');
    this.errorKinds.set(kind, (this.errorKinds.get(kind) ?? 0) + 1);
  }

  recordToken(token: string | undefined, approvals: number) {
    if (approvals > 1 || (token && this.tokens.has(token))) this.duplicated += 1;
    if (token) this.tokens.add(token);
  }

  get completed(): number {
    return this.endToEndMs.length;
  }

  errorSummary(): Record<string, number> {
    return Object.fromEntries(this.errorKinds);
  }
}

/** How long a TV stays connected after its token, so a second (duplicate) token would be seen. */
const DUPLICATE_WATCH_MS = 250;

export async function runOnePairing(target: PairingTarget, ledger: PairingLedger): Promise<void> {
  const startedAt = nowMs();
  let tv: ListeningTv | undefined;
  let confirmed = false;
  try {
    tv = await ListeningTv.connect(target.tvNode.wsUrl, target.localAddress);
    const code = await tv.startCode();
    const approved = tv.approved();
    approved.catch(() => {});
    const confirmAt = nowMs();
    await target.companion.confirm(target.confirmBaseUrl, code.user_code);
    confirmed = true;
    await approved;
    ledger.endToEndMs.push(tv.approvedAtMs! - startedAt);
    ledger.confirmToTvMs.push(tv.approvedAtMs! - confirmAt);
    await sleep(DUPLICATE_WATCH_MS);
    ledger.recordToken(tv.accessToken, tv.approvals);
  } catch (error) {
    if (confirmed) ledger.lost += 1;
    ledger.recordError(error);
  } finally {
    tv?.close();
  }
}
