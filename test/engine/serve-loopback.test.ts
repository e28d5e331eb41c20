import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type RunningServer, serve } from '../../engine/serve.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';

let running: RunningServer;

beforeAll(async () => {
  running = await serve({
    catalog: await catalogFromWorkspace('workflows', ['cart-nudge']),
    port: 0,
    outboxFile: join(mkdtempSync(join(tmpdir(), 'journeys-serve-loopback-')), 'outbox.jsonl'),
  });
});

afterAll(async () => {
  await running?.close();
});

/** Whether a TCP connection to the address and port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Every IPv4 address of this machine that is not loopback. */
const OTHERS = Object.values(networkInterfaces())
  .flat()
  .filter((address) => address !== undefined && !address.internal && address.family === 'IPv4')
  .map((address) => address?.address ?? '');

// A machine with no network but loopback has no other address to try.
test.skipIf(OTHERS.length === 0)(
  "journeys serve listens on 127.0.0.1 alone: the machine's other addresses refuse the connection",
  async () => {
    // Act
    const loopback = await accepts('127.0.0.1', running.port);
    const elsewhere = await Promise.all(OTHERS.map((address) => accepts(address, running.port)));
    // Assess
    expect(loopback).toBe(true);
    expect(elsewhere.every((accepted) => !accepted)).toBe(true);
  },
);
