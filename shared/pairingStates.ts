// The one pairing state machine. The server's Lua scripts get every state name and transition
// from this table (see server/pairing/luaScripts.ts; test/unit/pairingStates.test.ts fails if a
// script names a state itself), so the table and Redis cannot drift apart.
//
//   pending ─scan─▶ scanned ─approve─▶ approved ─claim─▶ claimed
//      │  └────────approve───────────────▲
//      └─deny─▶ denied ◀─deny─ scanned
//   pending | scanned | approved ─expire─▶ expired
//
// claimed, denied and expired are final: nothing leaves them.

export const PAIRING_STATES = ['pending', 'scanned', 'approved', 'claimed', 'denied', 'expired'] as const;
export type PairingState = (typeof PAIRING_STATES)[number];

/** Where every pairing starts. */
export const INITIAL_STATE: PairingState = 'pending';

export const TRANSITIONS: Readonly<Record<PairingState, readonly PairingState[]>> = {
  pending: ['scanned', 'approved', 'denied', 'expired'],
  scanned: ['approved', 'denied', 'expired'],
  approved: ['claimed', 'expired'],
  claimed: [],
  denied: [],
  expired: [],
};

export function canTransition(from: PairingState, to: PairingState): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isFinal(state: PairingState): boolean {
  return TRANSITIONS[state].length === 0;
}

export function isPairingState(value: unknown): value is PairingState {
  return typeof value === 'string' && (PAIRING_STATES as readonly string[]).includes(value);
}
