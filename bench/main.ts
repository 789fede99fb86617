import { PHASE_NAMES, runBenchmark, type PhaseName } from './run.ts';
import { printTable } from './report.ts';

// `npm run bench` runs every part at the default size.
//   --tiny                     a few pairings per part (what the smoke test runs)
//   --only=throughput,polling  some parts only (names: see PHASE_NAMES in run.ts)
//   --rates=1200,1500          the arrival rates part (1) steps through, one and two processes
//   --step-seconds=30          how long each rate of part (1) lasts (a short step can hide a
//                              queue that grows slowly: does a rate hold for half a minute?)

const size = process.argv.includes('--tiny') ? 'tiny' : 'default';
const onlyArgument = process.argv.find((arg) => arg.startsWith('--only='));
const only = onlyArgument?.slice('--only='.length).split(',') as PhaseName[] | undefined;
const unknown = only?.filter((name) => !PHASE_NAMES.includes(name));
if (unknown?.length) {
  console.error(`Unknown part ${unknown.join(', ')}; the parts are ${PHASE_NAMES.join(', ')}.`);
  process.exit(2);
}

const numbers = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3).split(',').map(Number);
const rates = numbers('rates');
const stepSeconds = numbers('step-seconds')?.[0];
if ([...(rates ?? []), ...(stepSeconds === undefined ? [] : [stepSeconds])].some((value) => !(value > 0))) {
  console.error('--rates and --step-seconds take positive numbers, e.g. --rates=1200,1500 --step-seconds=30.');
  process.exit(2);
}
const overrides = { ...(rates && { throughputRates: rates, twoNodeThroughputRates: rates }), ...(stepSeconds && { stepSeconds }) };

const startedAt = Date.now();
try {
  const { result, file } = await runBenchmark({ size, only, overrides, log: (line) => console.log(line) });
  console.log('');
  printTable(result);
  console.log(`\nJSON: ${file}  (${Math.round((Date.now() - startedAt) / 1000)} s)`);
} catch (error) {
  console.error(`Benchmark failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
