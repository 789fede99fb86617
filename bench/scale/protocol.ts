// Messages between the scale run (bench/scale/run.ts) and its load-generator processes (worker.ts).

export interface WorkerSetup {
  redisUrl: string;
  prefix: string;
  wsUrls: string[];
  baseUrls: string[];
  tvCount: number;
  /** Second octet of this worker's loopback source addresses (127.<octet>.y.z). */
  addressOctet: number;
}

export type ScaleCommand =
  | { type: 'setup'; setup: WorkerSetup }
  | { type: 'approve'; ratePerSecond: number; seconds: number }
  | { type: 'stillWaiting' }
  | { type: 'close' };

export type ScaleReport =
  | { type: 'progress'; connected: number }
  | { type: 'connected'; connected: number; perNode: number[] }
  | {
      type: 'approved';
      confirmToTvMs: number[];
      completed: number;
      lost: number;
      duplicated: number;
      errors: number;
      errorKinds: Record<string, number>;
      seconds: number;
    }
  | { type: 'stillWaiting'; open: number; of: number }
  | { type: 'failed'; message: string };
