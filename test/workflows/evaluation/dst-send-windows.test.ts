import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { deferUntil } from '../../../workflows/evaluation/quiet-hours.ts';
import { nextOpening, quietWindowOf, sendAt } from '../../../workflows/evaluation/send-window.ts';
import type { OpeningWindow } from '../../../workflows/schema/index.ts';

interface Case {
  readonly case: string;
  readonly now: string;
  readonly expected: string;
}

const table = JSON.parse(
  readFileSync(new URL('../../fixtures/evaluation/dst-send-windows.json', import.meta.url), 'utf8'),
) as {
  timezone: string;
  quiet: { start: string; end: string };
  opening: OpeningWindow[];
  sendAtOpening: OpeningWindow[];
  quietHours: Case[];
  openingHours: Case[];
  sendAt: Case[];
};

const iso = (value: number | undefined) => (value === undefined ? 'now' : new Date(value).toISOString());
const quiet = quietWindowOf(table.quiet);
const { opening, sendAtOpening } = table;

describe(`send windows across the DST changes of ${table.timezone}`, () => {
  test.each(table.quietHours)('quiet hours, $case', ({ now, expected }) => {
    expect(iso(deferUntil(Date.parse(now), table.timezone, quiet))).toBe(expected);
  });

  test.each(table.openingHours)('opening hours, $case', ({ now, expected }) => {
    expect(iso(nextOpening(Date.parse(now), table.timezone, opening))).toBe(expected);
  });

  test.each(table.sendAt)('quiet and opening hours, $case', ({ now, expected }) => {
    expect(iso(sendAt(Date.parse(now), table.timezone, { quiet, opening: sendAtOpening }))).toBe(expected);
  });
});
