import { describe, expect, it } from 'vitest';
import RedisMock from 'ioredis-mock';
import type { Redis } from 'ioredis';
import { PAIRING_STATES, TRANSITIONS, canTransition, isFinal } from '../../shared/pairingStates.ts';
import { buildPairingScripts, pairingScriptPrelude, PAIRING_SCRIPTS } from '../../server/pairing/luaScripts.ts';
import { defineScripts } from '../../server/store/scripts.ts';
import { luaPublishEvent } from '../../server/realtime/eventChannels.ts';

const PUBLISH = luaPublishEvent('node', (node) => `p:node:${node}`, (code) => `p:pairing-events:{${code}}`);

/** The Lua the scripts are made of, without the tables generated from shared/pairingStates.ts. */
function handWrittenLua(): string {
  const prelude = buildPairingScripts(PUBLISH).read.replace(PAIRING_SCRIPTS.read, '');
  const generatedTables = /^local (STATE|TRANSITIONS) = .*$/gm;
  expect(prelude.match(generatedTables)).toHaveLength(2);
  // Comments go: an apostrophe in one (Redis' TTL) would pair the quotes wrongly.
  return [prelude.replace(generatedTables, ''), ...Object.values(PAIRING_SCRIPTS)].join('\n').replace(/--[^\n]*/g, '');
}

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
    const lua = buildPairingScripts(PUBLISH).decide;
    for (const [from, targets] of Object.entries(TRANSITIONS)) {
      expect(lua).toContain(`${from}={${targets.map((to) => `${to}=true`).join(',')}}`);
    }
  });

  it('is where every state the scripts use comes from (scan and claim included)', () => {
    const lua = handWrittenLua();
    // A state spelt out in Lua would not follow the table: the scripts say STATE.<name> or ask can().
    const quoted = [...lua.matchAll(/'([^']*)'|"([^"]*)"/g)].map((m) => m[1] ?? m[2]);
    expect(quoted.filter((text) => (PAIRING_STATES as readonly string[]).includes(text!))).toEqual([]);
    const named = new Set([...lua.matchAll(/STATE\.(\w+)/g)].map((m) => m[1]));
    expect([...named].filter((name) => !(PAIRING_STATES as readonly string[]).includes(name!))).toEqual([]);
    // scan and claim move pairings through the table, not through states of their own.
    expect(PAIRING_SCRIPTS.scan).toContain('can(state, STATE.scanned)');
    expect(PAIRING_SCRIPTS.claim).toContain('can(state, STATE.claimed)');
    expect(PAIRING_SCRIPTS.claim).toContain('can(state, STATE.approved)');
  });

  it('makes a state the table lacks an error in Lua, not a silent nil', async () => {
    const redis = new RedisMock({ port: 39_001 }) as unknown as Redis;
    const prelude = pairingScriptPrelude(PUBLISH);
    const { probe } = defineScripts(redis, { probe: { keys: 1, lua: `${prelude}\nreturn STATE.${'approvd'}` } });
    await expect(probe(['p:pairing:{X}'], [0, 'X'])).rejects.toThrow(/unknown pairing state approvd/);
    const { known } = defineScripts(redis, { known: { keys: 1, lua: `${prelude}\nreturn STATE.approved` } });
    expect(await known(['p:pairing:{X}'], [0, 'X'])).toBe('approved');
    redis.disconnect();
  });
});

