import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { JOURNEY_VERSIONS_FILE, JourneyVersions } from '../../engine/journey-versions.ts';
import type { StateMachineDefinition } from '../../workflows/compiler/asl.ts';

const definition = (comment: string): StateMachineDefinition => ({
  Comment: comment,
  StartAt: 'Done',
  States: { Done: { Type: 'Succeed' } },
});

let dataDir: string | undefined;
afterEach(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

describe('journey versions', () => {
  test('the same definition publishes nothing new; a changed one becomes the next number and the live one', () => {
    // Prepare
    const versions = new JourneyVersions();

    // Act
    const first = versions.publish('cart-nudge', definition('one'));
    const same = versions.publish('cart-nudge', definition('one'));
    const changed = versions.publish('cart-nudge', definition('two'));
    const other = versions.publish('preheat', definition('one'));

    // Assess
    expect(
      [first, same, changed, other].map(({ version, published }) => [version.number, published]),
    ).toEqual([
      [1, true],
      [1, false],
      [2, true],
      [1, true],
    ]);
    expect(versions.live('cart-nudge')?.definition.Comment).toBe('two');
    expect(versions.find('cart-nudge:1')?.definition.Comment).toBe('one');
    expect(versions.find('cart-nudge:3')).toBeUndefined();
  });

  test('a data folder keeps every version across restarts, and a restart on the same workspace publishes none', () => {
    // Prepare
    dataDir = mkdtempSync(join(tmpdir(), 'journeys-versions-'));
    const first = new JourneyVersions(dataDir);
    first.publish('cart-nudge', definition('one'));
    first.publish('cart-nudge', definition('two'));

    // Act
    const restarted = new JourneyVersions(dataDir);
    const again = restarted.publish('cart-nudge', definition('two'));
    const edited = new JourneyVersions(dataDir).publish('cart-nudge', definition('three'));

    // Assess
    expect(again).toMatchObject({ published: false, version: { number: 2 } });
    expect(edited).toMatchObject({ published: true, version: { number: 3 } });
    expect(new JourneyVersions(dataDir).find('cart-nudge:1')?.definition).toEqual(definition('one'));
  });

  test('a versions file that is not one is refused, naming the file, rather than dropping versions', () => {
    // Prepare
    dataDir = mkdtempSync(join(tmpdir(), 'journeys-versions-'));
    const file = join(dataDir, JOURNEY_VERSIONS_FILE);
    writeFileSync(file, JSON.stringify({ versions: [{ journeyId: 'cart-nudge' }] }));

    // Act
    const load = () => new JourneyVersions(dataDir);

    // Assess
    expect(load).toThrow(`${file} is not a list of journey versions; remove it to start over`);
    expect(readFileSync(file, 'utf8')).toContain('cart-nudge');
  });
});
