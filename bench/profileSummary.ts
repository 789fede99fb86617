import { readFileSync } from 'node:fs';

// Where a server node spent its CPU: reads V8 .cpuprofile files (BENCH_CPU_PROF_DIR=… npm run bench)
// and prints self time by function and by package, largest first.
// Usage: npx tsx bench/profileSummary.ts bench/results/prof/*.cpuprofile

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
let total = 0;

for (const file of process.argv.slice(2)) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  profile.samples.forEach((id, index) => {
    const micros = profile.timeDeltas[index] ?? 0;
    const frame = nodes.get(id)!.callFrame;
    const where = frame.url.replace(/^file:\/\/.*?\/(node_modules\/|wt-[^/]+\/|main\/)/, '$1');
    const name = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
    byPackage.set(packageOf(frame.url, frame.functionName), (byPackage.get(packageOf(frame.url, frame.functionName)) ?? 0) + micros);
    total += micros;
  });
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
