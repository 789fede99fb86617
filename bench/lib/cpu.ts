import { readFileSync } from 'node:fs';

// CPU time of the load generator (this process) and of the servers it drives (child processes,
// read from /proc), so every figure can say how much of the 2 cores each side used.

const CLOCK_TICKS_PER_SECOND = 100;

/** User+system CPU seconds used so far by a process (Linux /proc). */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const userTicks = Number(fields[11]);
  const systemTicks = Number(fields[12]);
  return (userTicks + systemTicks) / CLOCK_TICKS_PER_SECOND;
}

export interface CpuReading {
  /** Cores used on average over the window: 1.0 is one core fully busy. */
  loadGeneratorCores: number;
  serverCores: number;
}

/** Starts measuring CPU of this process and of `serverPids`; call the result to read it. */
export function startCpuWindow(serverPids: number[]): () => CpuReading {
  const startedAt = process.hrtime.bigint();
  const ownStart = process.cpuUsage();
  const serverStart = serverPids.map(processCpuSeconds);
  return () => {
    const wallSeconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
    const own = process.cpuUsage(ownStart);
    const serverSeconds = serverPids.reduce((total, pid, i) => total + processCpuSeconds(pid) - serverStart[i]!, 0);
    const round = (value: number) => Math.round(value * 100) / 100;
    return {
      loadGeneratorCores: round((own.user + own.system) / 1e6 / wallSeconds),
      serverCores: round(serverSeconds / wallSeconds),
    };
  };
}

/**
 * Server CPU milliseconds per operation: on a machine shared with other work, throughput follows
 * whatever CPU the scheduler happens to give; the CPU each operation costs moves much less.
 */
export function serverCpuMsPerOperation(cpu: CpuReading, operationsPerSecond: number): number {
  return operationsPerSecond > 0 ? Math.round((cpu.serverCores / operationsPerSecond) * 1000 * 1000) / 1000 : NaN;
}
