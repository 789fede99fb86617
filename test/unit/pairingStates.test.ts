import { describe, expect, it } from 'vitest';
import { PAIRING_STATES, TRANSITIONS, canTransition, isFinal } from '../../shared/pairingStates.ts';
import { buildPairingScripts } from '../../server/pairing/luaScripts.ts';

describe('pairing state table', () => {
  it('allows exactly the designed transitions', () => {
    const allowed = PAIRING_STATES.flatMap((from) => PAIRING_STATES.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`));
    expect(allowed.sort()).toEqual(
      [
        'pending→scanned', 'pending→approved', 'pending→denied', 'pending→expired',
        'scanned→approved', 'scanned→denied', 'scanned→expired',
        'approved→claimed', 'approved→expired',
      ].sort(),
    );
  });

  it('makes claimed, denied and expired final', () => {
    expect(PAIRING_STATES.filter(isFinal).sort()).toEqual(['claimed', 'denied', 'expired']);
  });

  it('is the table the Lua scripts enforce', () => {
    const lua = buildPairingScripts('').decide;
    for (const [from, targets] of Object.entries(TRANSITIONS)) {
      expect(lua).toContain(`${from}={${targets.map((to) => `${to}=true`).join(',')}}`);
    }
  });
});
