import { describe, expect, it } from 'vitest';
import { networkOf, sameNetwork } from '../../shared/network.ts';

describe('which network an address is on', () => {
  it('IPv4: the address itself (a household shares its router\'s one address), mapped or not', () => {
    expect(networkOf('203.0.113.7')).toBe('203.0.113.7');
    expect(networkOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(sameNetwork('203.0.113.7', '::ffff:203.0.113.7')).toBe(true);
    expect(sameNetwork('203.0.113.7', '203.0.113.8')).toBe(false);
  });

  it('IPv6: the /64 a household shares, whatever the spelling', () => {
    expect(networkOf('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(networkOf('2001:0DB8:0001:0002::1')).toBe('2001:db8:1:2::/64');
    expect(networkOf('[2001:db8::1]')).toBe('2001:db8:0:0::/64');
    expect(networkOf('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(sameNetwork('2001:db8:1:2::10', '2001:db8:1:2:ffff::99')).toBe(true);
    expect(sameNetwork('2001:db8:1:2::10', '2001:db8:1:3::10')).toBe(false);
  });

  it('anything else is no network, and never the same as another', () => {
    for (const bad of [undefined, '', 'localhost', '1.2.3', '256.1.1.1', '1::2::3', '1:2:3:4:5:6:7:8:9', 'g::1']) expect(networkOf(bad)).toBeNull();
    expect(sameNetwork(undefined, undefined)).toBe(false);
    expect(sameNetwork('', '')).toBe(false);
  });
});
