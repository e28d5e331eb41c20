import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { OutboxFile } from '../../engine/outbox-file.ts';
import type { OutgoingMessage } from '../../functions/commons/channels/channel-adapter.ts';

const message = (idempotencyKey: string, customerId = 'c1'): OutgoingMessage => ({
  idempotencyKey,
  channel: 'in_app',
  customerId,
  journeyId: 'j',
  runId: 'r',
  stepId: 's',
  template: 't',
  body: `hello ${customerId}`,
  at: Date.parse('2027-06-11T02:00:00Z'),
});

const keysIn = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line).idempotencyKey);

describe('the outbox file', () => {
  test('holds each delivered message once, as one JSON line, however often it is delivered', () => {
    // Prepare
    const file = join(mkdtempSync(join(tmpdir(), 'journeys-outbox-file-')), 'nested', 'outbox.jsonl');
    const outbox = new OutboxFile(file, { resume: false });
    // Act: a redelivery of k1 in the second batch.
    outbox.append([message('k1'), message('k2', 'c2')]);
    outbox.append([message('k1'), message('k3', 'c3')]);
    // Assess
    expect(keysIn(file)).toEqual(['k1', 'k2', 'k3']);
    expect(JSON.parse(readFileSync(file, 'utf8').split('\n')[1] ?? '')).toEqual(message('k2', 'c2'));
  });

  test('a fresh run empties the file; a resumed run keeps it and skips what it holds', () => {
    // Prepare: a file left by a run that delivered k1 and k2 before it stopped.
    const file = join(mkdtempSync(join(tmpdir(), 'journeys-outbox-file-')), 'outbox.jsonl');
    writeFileSync(file, `${JSON.stringify(message('k1'))}\n${JSON.stringify(message('k2'))}\n`);
    // Act: the resumed run replays the day after its checkpoint, delivering k2 again, then k3.
    new OutboxFile(file, { resume: true }).append([message('k2'), message('k3')]);
    // Assess
    expect(keysIn(file)).toEqual(['k1', 'k2', 'k3']);
    new OutboxFile(file, { resume: false });
    expect(readFileSync(file, 'utf8')).toBe('');
  });
});
