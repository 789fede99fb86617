import { describe, expect, it } from 'vitest';
import { lanAddress, startBanner } from '../../app/startBanner.ts';

// The start banner names what a newcomer needs to try every flow, and how to reach the QR link
// from a phone when PUBLIC_URL is localhost.

const development = { mode: 'development' as const, publicUrl: 'http://localhost:3000', port: 3000, smtpUrl: undefined, smsWebhookUrl: undefined };

describe('start banner', () => {
  it('in development: the demo phone, Kids profile, billing details and the dev outbox', () => {
    const text = startBanner({ config: development, store: 'embedded', demo: true, lan: '192.168.1.20' }).join('\n');
    expect(text).toContain('http://localhost:3000/tv');
    expect(text).toContain('demo@example.com / watch-tv-demo-2026');
    expect(text).toContain('+46700000000');
    expect(text).toContain('Kids profile "Kids"');
    expect(text).toContain('Demo Viewer, card 4111 1111 1111 1111');
    expect(text).toContain('http://localhost:3000/dev/outbox');
    expect(text).toContain('PUBLIC_URL=http://192.168.1.20:3000 npm start');
  });

  it('with a public address and real delivery: no LAN hint, no outbox, no demo', () => {
    const config = { ...development, publicUrl: 'http://192.168.1.20:3000', smtpUrl: 'smtp://mail', smsWebhookUrl: 'https://sms' };
    const text = startBanner({ config, store: 'Redis', demo: false, lan: '192.168.1.20' }).join('\n');
    expect(text).not.toContain('PUBLIC_URL=');
    expect(text).not.toContain('/dev/outbox');
    expect(text).not.toContain('demo@example.com');
  });

  it('finds the first non-internal IPv4 address', () => {
    const entry = (address: string, family: 'IPv4' | 'IPv6', internal: boolean) => ({ address, family, internal, netmask: '', mac: '', cidr: null });
    expect(lanAddress({ lo: [entry('127.0.0.1', 'IPv4', true)], eth0: [entry('fe80::1', 'IPv6', false), entry('10.0.0.5', 'IPv4', false)] } as never)).toBe('10.0.0.5');
    expect(lanAddress({ lo: [entry('127.0.0.1', 'IPv4', true)] } as never)).toBeUndefined();
  });
});
