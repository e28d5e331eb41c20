import { configDefaults, defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

/**
 * The store and end-to-end tests again, on AWS's DynamoDB Local instead of dynalite: a difference
 * between the emulators shows here, not in AWS (docs/reliability.md, "DynamoDB Local fidelity").
 */
export default defineConfig({
  test: {
    ...base.test,
    include: [
      'test/functions/commons/stores/**/*.test.ts',
      'test/functions/commons/dynamo/document-client-*.test.ts',
      'test/engine/journeys-*.test.ts',
      'test/engine/engine-dynamo.test.ts',
      'test/engine/metering/**/*.test.ts',
    ],
    exclude: [
      ...configDefaults.exclude,
      // Its fault is injected at the engine's transport to dynalite, which an outside endpoint does not pass.
      'test/functions/commons/stores/claim-lost-answer.test.ts',
    ],
    globalSetup: ['test/support/dynamo/dynamodb-local-setup.ts'],
  },
});
