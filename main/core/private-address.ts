import net from 'node:net';

/**
 * Addresses that belong to this machine or a private network (RFC 1918, loopback, link-local,
 * carrier-grade NAT, unique-local IPv6, multicast and reserved). The media pre-flight refuses
 * links into them (WhatsApp's servers could not fetch them, and the check must not probe the
 * user's network); the account treats an API at such an address as a local one (the simulator).
 */
export function isPrivateAddress(raw: string): boolean {
  let address = raw.replace(/^\[|\]$/g, '');
  // IPv4-mapped IPv6 in hex form (::ffff:7f00:1, as URL normalizes it) is the IPv4 address.
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (mapped?.[1] && mapped[2]) {
    const high = parseInt(mapped[1], 16);
    const low = parseInt(mapped[2], 16);
    address = `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  }
  if (net.isIPv4(address)) {
    const [a = 0, b = 0] = address.split('.').map(Number);
    return a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || a >= 224;
  }
  const lower = address.toLowerCase();
  if (lower.startsWith('::ffff:')) return isPrivateAddress(lower.slice(7));
  return lower === '::1' || lower === '::' || lower.startsWith('fc') || lower.startsWith('fd') || lower.startsWith('fe80');
}
