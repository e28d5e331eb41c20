import type { ImportProgress } from '../engine/import/import-file.ts';

const number = new Intl.NumberFormat('en-US');

/** "12,500 rows, 2,480 rows/s, 3 rejected, 38%, ETA 0:42": how far an import has got. */
export function progressText(progress: ImportProgress): string {
  const seconds = progress.elapsedMs / 1000;
  const rate = seconds > 0 ? progress.rows / seconds : 0;
  const share = progress.totalBytes > 0 ? progress.bytesRead / progress.totalBytes : 1;
  const eta = share > 0 && share < 1 ? duration((seconds * (1 - share)) / share) : '0:00';
  return `${number.format(progress.rows)} rows, ${number.format(Math.round(rate))} rows/s, ${number.format(progress.rejected)} rejected, ${Math.floor(share * 100)}%, ETA ${eta}`;
}

function duration(seconds: number): string {
  const whole = Math.round(seconds);
  const minutes = Math.floor(whole / 60);
  const hours = Math.floor(minutes / 60);
  const mm = hours > 0 ? String(minutes % 60).padStart(2, '0') : String(minutes);
  return `${hours > 0 ? `${hours}:` : ''}${mm}:${String(whole % 60).padStart(2, '0')}`;
}

/**
 * Progress on a stream: on a terminal one line rewritten in place (at most ten times a second);
 * otherwise, for logs and pipes, a plain line every `plainEveryMs`.
 */
export function progressReporter(stream: NodeJS.WriteStream, plainEveryMs = 5_000) {
  const tty = stream.isTTY === true;
  let lastAt = Number.NEGATIVE_INFINITY;
  let lastRows = -1;
  return {
    update(progress: ImportProgress): void {
      const now = performance.now();
      if (now - lastAt < (tty ? 100 : plainEveryMs)) return;
      lastAt = now;
      lastRows = progress.rows;
      if (tty) stream.write(`\r\x1b[2K${progressText(progress)}`);
      else stream.write(`${progressText(progress)}\n`);
    },
    /** Ends the line in place with the final figures. */
    done(progress: ImportProgress): void {
      if (tty) stream.write(`\r\x1b[2K${progressText(progress)}\n`);
      // A plain line already printed for the last batch is not printed twice.
      else if (progress.rows !== lastRows) stream.write(`${progressText(progress)}\n`);
    },
  };
}
