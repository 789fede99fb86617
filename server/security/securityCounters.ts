// Counters of security events (guesses missed and refused, the global guess alarm, sign-in
// failures), kept per node. The metrics endpoint reads them through `snapshot()` or follows them
// with `onIncrement` (e.g. to drive prom-client counters); tests read them directly.

export type SecurityCounterName =
  /** A user-code lookup that found no open pairing (a wrong or guessed code), any door. */
  | 'code_guess_misses'
  /** A code lookup refused because a guess budget (per IP, per account or global) was spent. */
  | 'code_guess_refused'
  /** The global rate of missed code lookups went above normal (logged as a warning too). */
  | 'code_guess_global_alarm'
  /** A wrong password or unknown login. */
  | 'sign_in_failures'
  /** A sign-in refused because a guess budget was spent or a delay is in force. */
  | 'sign_in_refused'
  /** A TV WebSocket refused because its address already holds the most allowed. */
  | 'websocket_refused'
  /** A TV WebSocket closed for saying nothing, or for not answering pings. */
  | 'websocket_idle_closed';

export type CounterLabels = Record<string, string>;

export interface SecurityCounters {
  increment(name: SecurityCounterName, labels?: CounterLabels): void;
  /** Totals by name, and by `name{label="value",…}` for labelled increments. */
  snapshot(): Record<string, number>;
  /** Calls `listener` on every increment; returns a function that stops it. */
  onIncrement(listener: (name: SecurityCounterName, labels: CounterLabels) => void): () => void;
}

export function createSecurityCounters(): SecurityCounters {
  const totals = new Map<string, number>();
  const listeners = new Set<(name: SecurityCounterName, labels: CounterLabels) => void>();
  const add = (key: string) => totals.set(key, (totals.get(key) ?? 0) + 1);
  return {
    increment(name, labels = {}) {
      add(name);
      const entries = Object.entries(labels);
      if (entries.length) add(`${name}{${entries.map(([k, v]) => `${k}="${v}"`).join(',')}}`);
      for (const listener of listeners) listener(name, labels);
    },
    snapshot: () => Object.fromEntries(totals),
    onIncrement(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
