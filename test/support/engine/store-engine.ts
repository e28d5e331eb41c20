import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { LocalEngine } from '../../../engine/engine.ts';
import { catalogFromWorkspace } from '../../../workflows/workspace/catalog.ts';

const WORKSPACE = fileURLToPath(new URL('../../../workflows', import.meta.url));

/**
 * One local engine (dynalite and the built-in catalog) for the tests of a file, started before
 * them and stopped after: store tests run against the real embedded DynamoDB.
 */
export function useLocalEngine(startAt: number): () => LocalEngine {
  let engine: LocalEngine | undefined;
  beforeAll(async () => {
    engine = await LocalEngine.start({ catalog: await catalogFromWorkspace(WORKSPACE), startAt });
  });
  afterAll(async () => {
    await engine?.stop();
  });
  return () => {
    if (!engine) throw new Error('the local engine has not started: call it inside a test');
    return engine;
  };
}
