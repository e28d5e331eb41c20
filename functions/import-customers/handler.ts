import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { zodValidation } from '../commons/runtime/zod-problems.ts';
import { type ImportDeps, importBatch } from './import-customers.ts';
import { BatchSummary, ImportBatch, PreparedImport, PrepareRequest } from './import-request.ts';
import { type ObjectReader, prepareImport } from './prepare.ts';

/** The import state machine's two calls: prepare the file, then one per ItemBatcher batch of rows. */
export const ImportRequest = z.union([PrepareRequest, ImportBatch]);
export type ImportRequest = z.input<typeof ImportRequest>;
export const ImportResponse = z.union([PreparedImport, BatchSummary]);

/**
 * The import function: the same chain in Lambda (under the S3-triggered state machine) and
 * locally (`journeys customers import` hands it the file's rows in the same batches).
 */
export const createImportCustomersHandler = (deps: ImportDeps, objects?: ObjectReader) =>
  middy<z.output<typeof ImportRequest>, z.output<typeof ImportResponse>>()
    .use(injectLambdaContext(deps.logger))
    .use(logMetrics(deps.metrics))
    .use(zodValidation({ input: ImportRequest, output: ImportResponse }))
    .handler((request) => {
      if (!('action' in request)) return importBatch(request, deps);
      if (!objects)
        throw new Error('preparing an import reads its mapping from S3: give the handler an ObjectReader');
      return prepareImport(request, objects);
    });
