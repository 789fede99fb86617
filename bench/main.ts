import { PHASE_NAMES, runBenchmark, type PhaseName } from './run.ts';
import { printTable } from './report.ts';

// `npm run bench` runs every part at the default size.
//   --tiny                     a few pairings per part (what the smoke test runs)
//   --only=throughput,polling  some parts only (names: see PHASE_NAMES in run.ts)

const size = process.argv.includes('--tiny') ? 'tiny' : 'default';
const onlyArgument = process.argv.find((arg) => arg.startsWith('--only='));
const only = onlyArgument?.slice('--only='.length).split(',') as PhaseName[] | undefined;
const unknown = only?.filter((name) => !PHASE_NAMES.includes(name));
if (unknown?.length) {
  console.error(`Unknown part ${unknown.join(', ')}; the parts are ${PHASE_NAMES.join(', ')}.`);
  process.exit(2);
}

const startedAt = Date.now();
try {
  const { result, file } = await runBenchmark({ size, only, log: (line) => console.log(line) });
  console.log('');
  printTable(result);
  console.log(`\nJSON: ${file}  (${Math.round((Date.now() - startedAt) / 1000)} s)`);
} catch (error) {
  console.error(`Benchmark failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
