import { runBenchmark } from './run.ts';
import { printTable } from './report.ts';

// `npm run bench` (default size) or `npm run bench -- --tiny`.

const size = process.argv.includes('--tiny') ? 'tiny' : 'default';
const startedAt = Date.now();
try {
  const { result, file } = await runBenchmark({ size, log: (line) => console.log(line) });
  console.log('');
  printTable(result);
  console.log(`\nJSON: ${file}  (${Math.round((Date.now() - startedAt) / 1000)} s)`);
} catch (error) {
  console.error(`Benchmark failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
