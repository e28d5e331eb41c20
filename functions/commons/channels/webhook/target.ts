import type { LookupAddress, LookupOptions } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Addresses a webhook must never reach in AWS: the function's own host, the VPC and the metadata
 * service. IPv4-mapped IPv6 (::ffff:10.0.0.1) is checked as its IPv4 by BlockList itself.
 */
const REFUSED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, the instance metadata service among them
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 3], // multicast, reserved and broadcast
] as const)
  REFUSED.addSubnet(network, prefix, 'ipv4');
// Forms that carry or tunnel to an IPv4 address are refused whole: none is a webhook receiver's.
for (const [network, prefix] of [
  ['::', 96], // IPv4-compatible (deprecated), with the unspecified address and loopback
  ['::ffff:0:0:0', 96], // IPv4-translated (SIIT)
  ['64:ff9b:1::', 48], // local-use NAT64 (RFC 8215): a translator of the local network
  ['100::', 64], // discard-only
  ['2001::', 32], // Teredo
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4 (deprecated)
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const)
  REFUSED.addSubnet(network, prefix, 'ipv6');

/** NAT64's well-known prefix carries an IPv4 address in its last 32 bits: that address is what is reached. */
const NAT64 = new BlockList();
NAT64.addSubnet('64:ff9b::', 96, 'ipv6');

/** Whether an address is loopback, link-local, private, unique-local, CGNAT or otherwise not public. */
export function isRefusedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return REFUSED.check(address, 'ipv4');
  if (family !== 6) return true;
  if (REFUSED.check(address, 'ipv6')) return true;
  if (NAT64.check(address, 'ipv6')) return isRefusedAddress(embeddedIpv4(address));
  return false;
}

function embeddedIpv4(address: string): string {
  const groups = address.split(':');
  const last = groups.at(-1) ?? '';
  if (isIP(last) === 4) return last;
  const high = Number.parseInt(groups.at(-2) || '0', 16);
  const low = Number.parseInt(last || '0', 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** Finds every address of a host, as the connection would. */
export type ResolveHost = (hostname: string) => Promise<readonly LookupAddress[]>;

/** Every address of the URL's host: the literal itself, or what DNS gives (node:dns lookup, all of them). */
export const resolveHost: ResolveHost = async (hostname) => {
  const bare = hostname.replace(/^\[(.*)\]$/, '$1');
  const family = isIP(bare);
  if (family !== 0) return [{ address: bare, family }];
  return lookup(bare, { all: true, order: 'verbatim' });
};

/**
 * A lookup for the connection that answers with the addresses already checked, so DNS cannot
 * answer differently between the check and the connect (DNS rebinding).
 */
export function pinnedLookup(addresses: readonly LookupAddress[]): LookupFunction {
  return (_hostname: string, options: LookupOptions, callback) => {
    const wanted = options.family === 4 || options.family === 6 ? options.family : undefined;
    const usable = addresses.filter((entry) => wanted === undefined || entry.family === wanted);
    const [first] = usable;
    if (!first) {
      callback(Object.assign(new Error('no address of the wanted family'), { code: 'ENOTFOUND' }), '', 0);
      return;
    }
    if (options.all) callback(null, [...usable]);
    else callback(null, first.address, first.family);
  };
}
