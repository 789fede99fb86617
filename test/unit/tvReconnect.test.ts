import { describe, expect, it } from 'vitest';
import { backoffMs, isTemporarilyUnavailable, reconnectDelayMs, SERVICE_RESTART } from '../../tv-client/src/connection.ts';

// How soon the TV app reconnects: at once when a node drains for a restart (close 1012), with a
// growing backoff after real failures, and it keeps its code while the service is briefly away.

describe('TV reconnect timing', () => {
  it('reconnects within a quarter second after 1012, whatever failed before', () => {
    for (let i = 0; i < 200; i++) expect(reconnectDelayMs(SERVICE_RESTART, 6)).toBeLessThan(250);
  });

  it('backs off after other closes (1006: the node died), and grows with failures', () => {
    for (let i = 0; i < 200; i++) {
      expect(reconnectDelayMs(1006, 1)).toBeGreaterThanOrEqual(500);
      expect(backoffMs(4)).toBeGreaterThanOrEqual(4_000);
    }
  });

  it('recognises "temporarily unavailable" (TV-503) as a reason to keep the code', () => {
    expect(isTemporarilyUnavailable({ type: 'error', error: 'temporarily_unavailable' })).toBe(true);
    expect(isTemporarilyUnavailable({ type: 'error', error: 'invalid_grant' })).toBe(false);
  });
});
