// Which network an address belongs to, in the sense a person means by "my home network". Behind a
// home router every IPv4 device shares the router's one public address; with IPv6 each device has
// its own address, but the household shares one /64 prefix. So two requests come from the same
// network when their IPv4 addresses are equal, or their IPv6 addresses share the first 64 bits.
// (A carrier-grade NAT puts many homes behind one IPv4 address: "the same network" then means
// "the same provider's exit", which is the best an address can say.) Pure, no Node APIs.

/** The network an IP address belongs to (`198.51.100.7`, `2001:db8:1:2::/64`), or null if it is not one. */
export function networkOf(ip: string | undefined): string | null {
  if (!ip) return null;
  const address = ip.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  const v4 = mapped ? mapped[1]! : address;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(v4)) return v4.split('.').every((part) => Number(part) <= 255) ? v4 : null;
  const groups = ipv6Groups(address);
  return groups ? `${groups.slice(0, 4).map((group) => group.toString(16)).join(':')}::/64` : null;
}

/** Whether two addresses are on the same network (false when either is unknown). */
export function sameNetwork(a: string | undefined, b: string | undefined): boolean {
  const left = networkOf(a);
  return left !== null && left === networkOf(b);
}

/** The eight 16-bit groups of an IPv6 address, or null. */
function ipv6Groups(address: string): number[] | null {
  if (!/^[0-9a-f:.]+$/.test(address) || !address.includes(':')) return null;
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const parse = (half: string): number[] | null => {
    if (!half) return [];
    const out: number[] = [];
    const parts = half.split(':');
    for (const [i, part] of parts.entries()) {
      // An embedded IPv4 tail (::ffff:1.2.3.4 style) counts as two groups.
      if (i === parts.length - 1 && part.includes('.')) {
        const octets = part.split('.').map(Number);
        if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o > 255)) return null;
        out.push(octets[0]! * 256 + octets[1]!, octets[2]! * 256 + octets[3]!);
        continue;
      }
      if (!/^[0-9a-f]{1,4}$/.test(part)) return null;
      out.push(parseInt(part, 16));
    }
    return out;
  };
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const missing = 8 - head.length - tail.length;
  return missing >= 1 ? [...head, ...new Array<number>(missing).fill(0), ...tail] : null;
}
