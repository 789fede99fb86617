import type { BenchResult } from './run.ts';

export function printTable(result: BenchResult): void {
  console.log(JSON.stringify(result, null, 2));
}
