// Loopback source addresses for simulated TVs. Real TVs come from many addresses; the server
// rate-limits code requests per address (60 a minute), so the load generator spreads its TVs
// over 127.x.y.z (all of 127.0.0.0/8 is loopback on Linux). Only loopback is ever used.

export function sourceAddressPool(size: number, secondOctet = 1): () => string {
  if (size < 1 || size > 250 * 250) throw new Error('source address pool must hold 1–62,500 addresses');
  let next = 0;
  return () => {
    const index = next++ % size;
    return `127.${secondOctet}.${1 + Math.floor(index / 250)}.${1 + (index % 250)}`;
  };
}
