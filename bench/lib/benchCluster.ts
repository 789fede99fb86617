import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { generateSigningJwk } from '../../server/tokens/signingKeys.ts';
import { DEMO_ACCOUNT } from '../../server/accounts/demoAccount.ts';
import { signInCompanion, type Companion } from './companion.ts';
import { deleteKeysWithPrefix } from './redisPreflight.ts';
import { startServerNode, type ServerNode } from './serverNodes.ts';

// A set of real server nodes sharing one Redis under a key prefix of their own (so the run never
// touches anyone else's keys and can delete its own afterwards), plus a signed-in phone.

export interface BenchCluster {
  nodes: ServerNode[];
  companion: Companion;
  prefix: string;
  close(): Promise<void>;
}

export async function startBenchCluster(options: {
  redisUrl: string;
  nodeCount: number;
  resultsDir: string;
  label: string;
  env?: Record<string, string>;
}): Promise<BenchCluster> {
  const prefix = `bench:${options.label}:${randomBytes(4).toString('hex')}:`;
  const signingKeyJwk = JSON.stringify(await generateSigningJwk());
  const appSecret = randomBytes(32).toString('base64url');
  const nodes: ServerNode[] = [];
  try {
    for (let i = 0; i < options.nodeCount; i++) {
      nodes.push(
        await startServerNode({
          name: `${options.label}-${i}`,
          redisUrl: options.redisUrl,
          prefix,
          signingKeyJwk,
          appSecret,
          publicUrl: nodes[0]?.baseUrl,
          logFile: join(options.resultsDir, `node-${options.label}-${i}.log`),
          env: options.env,
        }),
      );
    }
    const companion = await signInCompanion(nodes[0]!.baseUrl, DEMO_ACCOUNT.email, DEMO_ACCOUNT.password);
    return {
      nodes,
      companion,
      prefix,
      async close() {
        companion.close();
        await Promise.all(nodes.map((node) => node.stop()));
        await deleteKeysWithPrefix(options.redisUrl, prefix);
      },
    };
  } catch (error) {
    await Promise.all(nodes.map((node) => node.stop()));
    throw error;
  }
}
