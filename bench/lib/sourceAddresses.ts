// Loopback source addresses for simulated TVs. Real TVs come from many addresses; the server
// rate-limits code requests per address (60 a minute), so the load generator spreads its TVs
// over 127.x.y.z (all of 127.0.0.0/8 is loopback on Linux). Only loopback is ever used.

/** Round robin over `size` addresses 127.<secondOctet>.y.z (y, z from 1 to 250). */
export function sourceAddressPool(size: number, secondOctet: number): () => string {
  if (size < 1 || size > 250 * 250) throw new Error('source address pool must hold 1–62,500 addresses');
  if (secondOctet < 1 || secondOctet > 255) throw new Error('use 127.1.x.x and up; 127.0.0.x is for idle sockets');
  let next = 0;
  return () => {
    const index = next++ % size;
    return `127.${secondOctet}.${1 + Math.floor(index / 250)}.${1 + (index % 250)}`;
  };
}

/** Round robin over 127.0.0.2 … 127.0.0.254. */
export function loopbackHostAddresses(): () => string {
  let next = 0;
  return () => `127.0.0.${2 + (next++ % 253)}`;
}
