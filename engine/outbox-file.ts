import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { OutgoingMessage } from '../functions/commons/channels/channel-adapter.ts';

/**
 * Delivered messages as JSON Lines, one message a line and each idempotency key once, so a user
 * can check who got what. A fresh run starts the file empty; a resumed run keeps it and skips the
 * messages it already holds, which the days replayed after the checkpoint deliver again.
 */
export class OutboxFile {
  readonly #file: string;
  readonly #written = new Set<string>();

  constructor(file: string, options: { readonly resume: boolean }) {
    this.#file = file;
    mkdirSync(dirname(file), { recursive: true });
    if (options.resume && existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        this.#written.add((JSON.parse(line) as Pick<OutgoingMessage, 'idempotencyKey'>).idempotencyKey);
      }
    } else {
      writeFileSync(file, '');
    }
  }

  append(messages: readonly OutgoingMessage[]): void {
    const lines: string[] = [];
    for (const message of messages) {
      if (this.#written.has(message.idempotencyKey)) continue;
      this.#written.add(message.idempotencyKey);
      lines.push(`${JSON.stringify(message)}\n`);
    }
    if (lines.length > 0) appendFileSync(this.#file, lines.join(''));
  }

  get size(): number {
    return this.#written.size;
  }
}
