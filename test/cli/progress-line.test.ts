import { describe, expect, test } from 'vitest';
import { progressReporter, progressText } from '../../cli/progress-line.ts';

const progress = {
  rows: 12_500,
  imported: 12_000,
  unchanged: 497,
  rejected: 3,
  keptFromEvents: 0,
  totalBytes: 1_000,
  elapsedMs: 5_000,
};

describe('the import progress line', () => {
  test('says rows, rows per second, rejects, the share read and the time left', () => {
    expect(progressText({ ...progress, bytesRead: 250 })).toBe(
      '12,500 rows, 2,500 rows/s, 3 rejected, 25%, ETA 0:15',
    );
    expect(progressText({ ...progress, bytesRead: 1_000 })).toBe(
      '12,500 rows, 2,500 rows/s, 3 rejected, 100%, ETA 0:00',
    );
  });

  test('off a terminal writes plain lines, and not the last one twice', () => {
    // Prepare
    const lines: string[] = [];
    const stream = {
      isTTY: false,
      write: (text: string) => lines.push(text),
    } as unknown as NodeJS.WriteStream;
    const reporter = progressReporter(stream, 60_000);

    // Act
    reporter.update({ ...progress, bytesRead: 1_000 });
    reporter.done({ ...progress, bytesRead: 1_000 });

    // Assess
    expect(lines).toEqual(['12,500 rows, 2,500 rows/s, 3 rejected, 100%, ETA 0:00\n']);
  });

  test('on a terminal rewrites one line in place and ends it', () => {
    // Prepare
    const lines: string[] = [];
    const stream = {
      isTTY: true,
      write: (text: string) => lines.push(text),
    } as unknown as NodeJS.WriteStream;
    const reporter = progressReporter(stream);

    // Act
    reporter.update({ ...progress, bytesRead: 250 });
    reporter.done({ ...progress, bytesRead: 1_000 });

    // Assess
    expect(lines).toEqual([
      '\r\x1b[2K12,500 rows, 2,500 rows/s, 3 rejected, 25%, ETA 0:15',
      '\r\x1b[2K12,500 rows, 2,500 rows/s, 3 rejected, 100%, ETA 0:00\n',
    ]);
  });
});
