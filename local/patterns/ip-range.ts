/**
 * IP addresses and CIDR blocks as event patterns use them (`{"cidr": "10.0.0.0/24"}`), IPv4
 * and IPv6, with the refusals AWS's compiler words.
 */

/** An address as a number (IPv4 in 32 bits, IPv6 in 128), or undefined when it is not one. */
export function ipValue(text: string): { value: bigint; bits: 32 | 128 } | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const parts = text.split('.').map(Number);
    if (parts.some((part) => part > 255)) return undefined;
    return { value: parts.reduce((acc, part) => (acc << 8n) | BigInt(part), 0n), bits: 32 };
  }
  if (!/^[0-9a-fA-F:.]*:[0-9a-fA-F:.]*$/.test(text)) return undefined;
  let groups: string[];
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const split = (half: string) => (half === '' ? [] : half.split(':'));
  if (halves.length === 2) {
    const head = split(halves[0]);
    const tail = split(halves[1]);
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return undefined;
    groups = [...head, ...Array<string>(missing).fill('0'), ...tail];
  } else {
    groups = split(text);
  }
  if (groups.length !== 8 || groups.some((group) => !/^[0-9a-fA-F]{1,4}$/.test(group))) return undefined;
  return { value: groups.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group, 16)), 0n), bits: 128 };
}

export interface IpRange {
  bits: 32 | 128;
  low: bigint;
  high: bigint;
}

/** `10.0.0.0/24` as the range it covers; throws Error with AWS's reason when it is not a CIDR block. */
export function parseCidr(text: string): IpRange {
  const parts = text.split('/');
  if (parts.length !== 2) throw new Error("Malformed CIDR, one '/' required");
  if (!/^-?\d+$/.test(parts[1])) throw new Error('Malformed CIDR, mask bits must be an integer');
  const mask = Number(parts[1]);
  if (mask < 0) throw new Error('Malformed CIDR, mask bits must not be negative');
  const address = ipValue(parts[0]);
  if (!address) throw new Error(/^[0-9.]+$|:/.test(parts[0]) ? `Invalid IP address: ${parts[0]}` : `Nonstandard IP address: ${parts[0]}`);
  if (address.bits === 32 && mask > 32) throw new Error('IPv4 mask bits must be < 32');
  if (address.bits === 128 && mask > 128) throw new Error('IPv6 mask bits must be < 128');
  const free = BigInt(address.bits - mask);
  const low = (address.value >> free) << free;
  return { bits: address.bits, low, high: low + (1n << free) - 1n };
}

export function inRange(range: IpRange, text: string): boolean {
  const address = ipValue(text);
  return address !== undefined && address.bits === range.bits && address.value >= range.low && address.value <= range.high;
}
