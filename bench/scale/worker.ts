import { Redis } from 'ioredis';
import { ListeningTv } from '../lib/benchTv.ts';
import { signInCompanion } from '../lib/companion.ts';
import { sourceAddressPool } from '../lib/sourceAddresses.ts';
import { PairingLedger } from '../lib/pairingRun.ts';
import { nowMs, sleep } from '../lib/time.ts';
import { createRedisKeys } from '../../server/store/keys.ts';
import { createPairingStore } from '../../server/pairing/pairingStore.ts';
import { systemClock } from '../../server/clock.ts';
import { DEMO_ACCOUNT } from '../../server/accounts/demoAccount.ts';
import type { ScaleCommand, ScaleReport, WorkerSetup } from './protocol.ts';

// One load-generator process of the scale run (a process may hold at most 20,000 open files, so
// 100,000 TVs need several). It creates its TVs' codes straight through the pairing store (the
// create script the HTTP endpoint runs; issuing codes is not what is measured here), connects
// each TV to a node picked at random, the way a load balancer spreads them, from loopback
// addresses of its own, and listens. On `approve` it signs in a phone and presses Start Watching
// for its own waiting TVs at its share of the rate, timing Start Watching → token on the TV.

const CONNECT_CONCURRENCY = 100;
const CODE_LIFETIME_SECONDS = 1800;

function send(report: ScaleReport) {
  process.send!(report);
}

async function connectAll(setup: WorkerSetup): Promise<Array<{ tv: ListeningTv; userCode: string; nodeIndex: number }>> {
  const redis = new Redis(setup.redisUrl, { enableAutoPipelining: true });
  const pairings = createPairingStore(redis, createRedisKeys(setup.prefix), systemClock);
  const nextAddress = sourceAddressPool(250, setup.addressOctet);
  const tvs: Array<{ tv: ListeningTv; userCode: string; nodeIndex: number }> = [];
  let remaining = setup.tvCount;
  let lastReport = Date.now();
  const connectOne = async () => {
    const { deviceCode, pairing } = await pairings.create({
      clientId: 'tv', scope: 'openid profile', deviceName: 'Scale TV', deviceModel: 'bench', requestIp: '127.0.0.1',
      lifetimeSeconds: CODE_LIFETIME_SECONDS, intervalSeconds: 5,
    });
    const nodeIndex = Math.floor(Math.random() * setup.wsUrls.length);
    const tv = await ListeningTv.connect(setup.wsUrls[nodeIndex]!, nextAddress());
    await tv.listen(deviceCode, 60_000);
    tvs.push({ tv, userCode: pairing.userCode, nodeIndex });
    if (Date.now() - lastReport > 2000) {
      lastReport = Date.now();
      send({ type: 'progress', connected: tvs.length });
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(CONNECT_CONCURRENCY, remaining) }, async () => {
      while (remaining > 0) {
        remaining -= 1;
        await connectOne();
      }
    }),
  );
  redis.disconnect();
  return tvs;
}

async function approveSome(setup: WorkerSetup, tvs: Array<{ tv: ListeningTv; userCode: string; nodeIndex: number }>, command: Extract<ScaleCommand, { type: 'approve' }>) {
  const companion = await signInCompanion(setup.baseUrls[0]!, DEMO_ACCOUNT.email, DEMO_ACCOUNT.password);
  const ledger = new PairingLedger();
  const statuses: Record<string, number> = {};
  const count = Math.min(tvs.length, Math.round(command.ratePerSecond * command.seconds));
  const gapMs = 1000 / command.ratePerSecond;
  const startedAt = nowMs();
  const runs: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = startedAt + i * gapMs;
    const wait = due - nowMs();
    if (wait > 0) await sleep(wait);
    const { tv, userCode } = tvs[i]!;
    // Start Watching on any node, as a phone behind the load balancer would.
    const confirmUrl = setup.baseUrls[Math.floor(Math.random() * setup.baseUrls.length)]!;
    runs.push(
      (async () => {
        const approved = tv.approved(30_000);
        approved.catch(() => {});
        const confirmAt = nowMs();
        let confirmed = false;
        try {
          await companion.confirm(confirmUrl, userCode);
          confirmed = true;
          await approved;
          ledger.confirmToTvMs.push(tv.approvedAtMs! - confirmAt);
          ledger.endToEndMs.push(tv.approvedAtMs! - confirmAt);
          await sleep(250);
          ledger.recordToken(tv.accessToken, tv.approvals);
        } catch (error) {
          if (confirmed) ledger.lost += 1;
          ledger.recordError(error);
          // The ledger folds numbers away; which HTTP status a refused Start Watching got matters here.
          const status = /confirm answered (\d+)/.exec((error as Error).message)?.[1];
          if (status) statuses[status] = (statuses[status] ?? 0) + 1;
        }
      })(),
    );
  }
  await Promise.all(runs);
  companion.close();
  send({
    type: 'approved',
    confirmToTvMs: ledger.confirmToTvMs,
    completed: ledger.completed,
    lost: ledger.lost,
    duplicated: ledger.duplicated,
    errors: ledger.errors,
    errorKinds: { ...ledger.errorSummary(), ...Object.fromEntries(Object.entries(statuses).map(([status, count]) => [`Start Watching answered ${status}`, count])) },
    seconds: (nowMs() - startedAt) / 1000,
  });
}

let setup: WorkerSetup | undefined;
let tvs: Array<{ tv: ListeningTv; userCode: string; nodeIndex: number }> = [];

process.on('message', (command: ScaleCommand) => {
  void (async () => {
    try {
      if (command.type === 'setup') {
        setup = command.setup;
        tvs = await connectAll(setup);
        const perNode = setup.wsUrls.map((_, index) => tvs.filter((entry) => entry.nodeIndex === index).length);
        send({ type: 'connected', connected: tvs.length, perNode });
      } else if (command.type === 'approve') {
        await approveSome(setup!, tvs, command);
      } else if (command.type === 'stillWaiting') {
        // Every TV not approved must still be connected and waiting: nothing dropped at this size.
        const waiting = tvs.filter((entry) => entry.tv.approvals === 0);
        send({ type: 'stillWaiting', open: waiting.filter((entry) => entry.tv.socket.readyState === entry.tv.socket.OPEN).length, of: waiting.length });
      } else if (command.type === 'close') {
        for (const { tv } of tvs) tv.close();
        process.exit(0);
      }
    } catch (error) {
      send({ type: 'failed', message: (error as Error).message });
    }
  })();
});
