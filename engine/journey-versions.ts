import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { StateMachineDefinition } from '../workflows/compiler/asl.ts';
import { definitionHash } from '../workflows/compiler/definition-hash.ts';

/** The file in a data folder that keeps every published version, for the executions still on them. */
export const JOURNEY_VERSIONS_FILE = 'journey-versions.json';

/** One published version of a journey's state machine: an immutable definition, as in Step Functions. */
export interface JourneyVersion {
  readonly journeyId: string;
  /** 1, 2, …: the order of publication, as Step Functions numbers versions. */
  readonly number: number;
  readonly hash: string;
  readonly definition: StateMachineDefinition;
}

const SavedVersions = z.strictObject({
  versions: z.array(
    z.strictObject({
      journeyId: z.string().min(1),
      number: z.number().int().positive(),
      hash: z.string().min(1),
      definition: z.custom<StateMachineDefinition>(
        (value) => typeof value === 'object' && value !== null && 'States' in value,
      ),
    }),
  ),
});

/** A version's name, the local form of its ARN's `stateMachine:<name>:<n>`. */
export function versionName(journeyId: string, number: number): string {
  return `${journeyId}:${number}`;
}

/**
 * Each journey's published versions. Publishing a definition whose hash the newest version has
 * publishes nothing; any other becomes the next number and the live one. With a data folder the
 * versions are kept there, so an engine restarted on an edited workspace still runs the old ones.
 */
export class JourneyVersions {
  readonly #byJourney = new Map<string, JourneyVersion[]>();
  readonly #file?: string;

  constructor(dataDir?: string) {
    if (!dataDir) return;
    this.#file = join(dataDir, JOURNEY_VERSIONS_FILE);
    let text: string;
    try {
      text = readFileSync(this.#file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const saved = SavedVersions.safeParse(JSON.parse(text));
    if (!saved.success)
      throw new Error(`${this.#file} is not a list of journey versions; remove it to start over`);
    for (const version of saved.data.versions) this.#add(version);
  }

  /** The live version for this definition: the newest one if its hash is the same, else a new one. */
  publish(
    journeyId: string,
    definition: StateMachineDefinition,
  ): { version: JourneyVersion; published: boolean } {
    const hash = definitionHash(definition);
    const newest = this.live(journeyId);
    if (newest?.hash === hash) return { version: newest, published: false };
    const version = { journeyId, number: (newest?.number ?? 0) + 1, hash, definition };
    this.#add(version);
    this.#save();
    return { version, published: true };
  }

  /** The version new cohorts start on: the newest. */
  live(journeyId: string): JourneyVersion | undefined {
    return this.#byJourney.get(journeyId)?.at(-1);
  }

  /** A version by its name ("cart-nudge:2"). */
  find(name: string): JourneyVersion | undefined {
    const cut = name.lastIndexOf(':');
    const number = Number(name.slice(cut + 1));
    return this.#byJourney.get(name.slice(0, cut))?.find((version) => version.number === number);
  }

  list(): JourneyVersion[] {
    return [...this.#byJourney.values()].flat();
  }

  #add(version: JourneyVersion): void {
    const versions = this.#byJourney.get(version.journeyId) ?? [];
    versions.push(version);
    this.#byJourney.set(version.journeyId, versions);
  }

  /** Written whole, then renamed, so a crash leaves the old list or the new one. */
  #save(): void {
    if (!this.#file) return;
    mkdirSync(join(this.#file, '..'), { recursive: true });
    const staging = `${this.#file}.tmp`;
    writeFileSync(staging, JSON.stringify({ versions: this.list() }));
    renameSync(staging, this.#file);
  }
}
