import { describe, expect, test } from 'vitest';
import {
  isRefusedAddress,
  pinnedLookup,
  resolveHost,
} from '../../../../../functions/commons/channels/webhook/target.ts';

describe('webhook target safety', () => {
  test.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['::1', 'IPv6 loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local: the instance metadata service'],
    ['fe80::1', 'IPv6 link-local'],
    ['fd12:3456::1', 'unique local'],
    ['fc00::1', 'unique local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.254', 'carrier-grade NAT'],
    ['0.0.0.0', 'this network'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:a00:1', 'IPv4-mapped private, in hex'],
    ['64:ff9b::a9fe:a9fe', 'NAT64 of the metadata address'],
    ['64:ff9b::10.0.0.1', 'NAT64 of a private address'],
    ['::127.0.0.1', 'IPv4-compatible loopback (deprecated ::/96)'],
    ['::a9fe:a9fe', 'IPv4-compatible metadata address, in hex'],
    ['::ffff:0:7f00:1', 'IPv4-translated (SIIT) loopback'],
    ['2002:7f00:1::1', '6to4 of loopback'],
    ['2002:808:808::1', '6to4 of a public address: 6to4 is deprecated and tunnels to IPv4'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo'],
    ['64:ff9b:1::a00:1', 'local-use NAT64 (RFC 8215)'],
    ['64:ff9b:1::808:808', 'local-use NAT64 of a public address: a local translator'],
    ['2001:db8::1', 'documentation'],
    ['not-an-address', 'not an address at all'],
  ])('%s is refused (%s)', (address) => {
    expect(isRefusedAddress(address)).toBe(true);
  });

  test.each([
    ['93.184.215.14', 'a public IPv4 address'],
    ['172.32.0.1', 'just past 172.16.0.0/12'],
    ['100.128.0.1', 'just past 100.64.0.0/10'],
    ['8.8.8.8', 'a public resolver'],
    ['2606:2800:21f:cb07:6820:80da:af6b:8b2c', 'a public IPv6 address'],
    ['64:ff9b::808:808', 'NAT64 of a public address'],
    ['2001:4860:4860::8888', 'a public IPv6 address under 2001::/16, past Teredo'],
    ['2003:e0::1', 'just past 6to4'],
  ])('%s is allowed (%s)', (address) => {
    expect(isRefusedAddress(address)).toBe(false);
  });

  test('a host is resolved to all its addresses, and an IP literal (bracketed for IPv6) to itself', async () => {
    const localhost = await resolveHost('localhost');
    expect(localhost.length).toBeGreaterThan(0);
    expect(localhost.every((entry) => isRefusedAddress(entry.address))).toBe(true);
    expect(await resolveHost('[::1]')).toEqual([{ address: '::1', family: 6 }]);
    expect(await resolveHost('10.0.0.7')).toEqual([{ address: '10.0.0.7', family: 4 }]);
  });

  test('the connection lookup answers only with the addresses that were checked', () => {
    // Prepare
    const lookup = pinnedLookup([
      { address: '93.184.215.14', family: 4 },
      { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
    ]);
    const answers: unknown[] = [];

    // Act
    lookup('rebound.example', { all: true }, (error, addresses) => answers.push([error, addresses]));
    lookup('rebound.example', { family: 6 }, (error, address, family) =>
      answers.push([error, address, family]),
    );
    lookup('rebound.example', {}, (error, address, family) => answers.push([error, address, family]));

    // Assess
    expect(answers).toEqual([
      [
        null,
        [
          { address: '93.184.215.14', family: 4 },
          { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
        ],
      ],
      [null, '2606:2800:21f:cb07:6820:80da:af6b:8b2c', 6],
      [null, '93.184.215.14', 4],
    ]);
  });
});
