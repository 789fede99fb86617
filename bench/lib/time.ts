/** Milliseconds from a monotonic clock, for latencies (never affected by wall-clock changes). */
export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
