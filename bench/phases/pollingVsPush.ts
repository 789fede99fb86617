import { Agent } from 'node:http';
import { startBenchCluster, type BenchCluster } from '../lib/benchCluster.ts';
import { requestCode } from '../lib/benchTv.ts';
import { startCpuWindow, type CpuReading } from '../lib/cpu.ts';
import { httpCall } from '../lib/httpForm.ts';
import { sourceAddressPool } from '../lib/sourceAddresses.ts';
import { summarize, type LatencySummary } from '../lib/stats.ts';
import { nowMs, sleep } from '../lib/time.ts';
import type { PhaseSettings } from '../settings.ts';

// (5b) The sign-in latency a standard RFC 8628 client sees: it polls POST /oauth/token every
// `interval` seconds, so after Start Watching it waits for its next poll. Each polling TV is
// confirmed at a random moment within its first two intervals; the latency is from the confirm
// to the token in hand, to set beside the push latency of part (2).
// POST /oauth/token comes with issue 3; until a server has it, this part says so and measures nothing.

const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export type PollingResult =
  | { available: false; reason: string }
  | { available: true; intervalSeconds: number; confirmToTokenMs: LatencySummary; polls: number; errors: number; lost: number; cpu: CpuReading };

export async function measurePolling(settings: PhaseSettings): Promise<PollingResult> {
  const cluster = await startBenchCluster({
    redisUrl: settings.redisUrl,
    nodeCount: 1,
    resultsDir: settings.resultsDir,
    label: 'polling',
    env: { POLL_INTERVAL_SECONDS: String(settings.pollIntervalSeconds) },
  });
  try {
    const reason = await tokenEndpointMissing(cluster.nodes[0]!.baseUrl);
    if (reason) return { available: false, reason };
    return await pollAll(cluster, settings);
  } finally {
    await cluster.close();
  }
}

/** Why polling cannot be measured (the endpoint is missing), or null when it can. */
async function tokenEndpointMissing(baseUrl: string): Promise<string | null> {
  const answer = await httpCall('POST', `${baseUrl}/oauth/token`, { grant_type: DEVICE_CODE_GRANT, client_id: 'tv', device_code: 'nothing' }, { agent: false });
  if (answer.status === 404) return 'POST /oauth/token (RFC 8628 polling, issue 3) is not on this branch yet';
  return null;
}

async function pollAll(cluster: BenchCluster, settings: PhaseSettings): Promise<PollingResult> {
  const node = cluster.nodes[0]!;
  const agent = new Agent({ keepAlive: true });
  const nextAddress = sourceAddressPool(1000, 5);
  const latencies: number[] = [];
  let polls = 0;
  let errors = 0;
  let lost = 0;
  let intervalSeconds = settings.pollIntervalSeconds;
  const readCpu = startCpuWindow([node.pid]);

  const oneTv = async (index: number) => {
    // TVs start spread over one interval, like TVs turned on at different moments.
    await sleep((index / settings.pollingPairings) * intervalSeconds * 1000);
    const code = await requestCode(node.baseUrl, nextAddress());
    intervalSeconds = code.interval;
    let confirmAt: number | undefined;
    const confirmDelayMs = Math.random() * 2 * code.interval * 1000;
    const confirming = sleep(confirmDelayMs).then(async () => {
      confirmAt = nowMs();
      await cluster.companion.confirm(node.baseUrl, code.user_code);
    });
    let waitSeconds = code.interval;
    // Bounded: a pairing that has no token after ten intervals past its confirm counts as lost.
    for (let attempt = 0; attempt < 12; attempt++) {
      await sleep(waitSeconds * 1000);
      polls += 1;
      const answer = await httpCall('POST', `${node.baseUrl}/oauth/token`, { grant_type: DEVICE_CODE_GRANT, client_id: 'tv', device_code: code.device_code }, { agent });
      if (answer.status === 200) {
        await confirming;
        latencies.push(nowMs() - confirmAt!);
        return;
      }
      const error = (JSON.parse(answer.body) as { error?: string }).error;
      if (error === 'slow_down') waitSeconds += 5; // RFC 8628 §3.5
      else if (error !== 'authorization_pending') throw new Error(`token endpoint answered ${error ?? answer.status}`);
    }
    lost += 1;
  };

  await Promise.all(
    Array.from({ length: settings.pollingPairings }, (_, index) =>
      oneTv(index).catch(() => {
        errors += 1;
      }),
    ),
  );
  agent.destroy();
  return { available: true, intervalSeconds, confirmToTokenMs: summarize(latencies), polls, errors, lost, cpu: readCpu() };
}
