import { readFileSync } from 'node:fs';

// Where a server node spent its CPU: reads V8 .cpuprofile files (BENCH_CPU_PROF_DIR=… npm run bench)
// and prints where the busy (non-idle) time went: self time by function and by package, and the
// total time of our own functions, largest first.
// Usage: npx tsx bench/profileSummary.ts bench/results/prof/*.cpuprofile

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const byFunction = new Map<string, number>();
/** Time with the function anywhere on the stack (counted once per sample). */
const inclusive = new Map<string, number>();
const byPackage = new Map<string, number>();
let total = 0;

for (const file of process.argv.slice(2)) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  profile.samples.forEach((id, index) => {
    const micros = profile.timeDeltas[index] ?? 0;
    const frame = nodes.get(id)!.callFrame;
    // Percentages are of busy time: a server waiting for work or for Redis is not a cost.
    if (frame.functionName === '(idle)') return;
    const name = frameName(frame);
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
    const onStack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) onStack.add(frameName(nodes.get(at)!.callFrame));
    for (const caller of onStack) inclusive.set(caller, (inclusive.get(caller) ?? 0) + micros);
    byPackage.set(packageOf(frame.url, frame.functionName), (byPackage.get(packageOf(frame.url, frame.functionName)) ?? 0) + micros);
    total += micros;
  });
}

function frameName(frame: ProfileNode['callFrame']): string {
  const where = frame.url.replace(/^file:\/\/.*?\/(node_modules\/|wt-[^/]+\/|main\/)/, '$1');
  return `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
}

function packageOf(url: string, functionName: string): string {
  const nodeModule = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (nodeModule) return nodeModule;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  return '(our code)';
}

function print(title: string, entries: Map<string, number>, count: number) {
  console.log(`\n${title}`);
  for (const [name, micros] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, count)) {
    console.log(`${((micros / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
  }
}

print('self time by package', byPackage, 15);
print('self time by function', byFunction, 30);
const ours = new Map([...inclusive].filter(([name]) => /(server|shared|companion-web)\//.test(name)));
print('total time (self + callees) of our functions', ours, 30);
