import { readMappingText } from '../../workflows/import/mapping-file.ts';
import { FIRST_ROW, formatOf } from '../../workflows/import/read-rows.ts';
import { formatViolation } from '../../workflows/rules/violation.ts';
import { DEFAULT_MAPPING } from '../../workflows/schema/customer-mapping.ts';
import { JourneyInputError } from '../commons/runtime/errors.ts';
import type { PreparedImport, PrepareRequest } from './import-request.ts';

/** Reads a text object, or answers undefined when there is none. */
export interface ObjectReader {
  text(bucket: string, key: string): Promise<string | undefined>;
}

/** The mapping of `imports/customers.csv` is `imports/customers.mapping.yaml`, beside it. */
export const mappingKeyOf = (key: string) => `${key.replace(/\.(csv|jsonl|ndjson)$/i, '')}.mapping.yaml`;

/**
 * Before any row is read: the file's format from its name, its identity from its ETag, and its
 * mapping, if it has one, checked with every problem at its line and column. A bad mapping
 * fails the import at once rather than rejecting every row.
 */
export async function prepareImport(request: PrepareRequest, objects: ObjectReader): Promise<PreparedImport> {
  const format = formatOf(request.key);
  if (!format)
    throw new JourneyInputError(
      `expected a .csv or .jsonl file; got an object named ${JSON.stringify(request.key)}`,
    );
  const mappingKey = mappingKeyOf(request.key);
  const text = await objects.text(request.bucket, mappingKey);
  const prepared = {
    format,
    source: `etag:${request.etag.replaceAll('"', '')}`,
    firstRow: FIRST_ROW[format],
    mappingKey,
  };
  // The default mapping is named all the same: the batches' input takes it from here.
  if (text === undefined) return { ...prepared, mapping: DEFAULT_MAPPING };
  const reading = readMappingText(mappingKey, text);
  if (!reading.ok)
    throw new JourneyInputError(
      `the mapping ${mappingKey} is not valid:\n${reading.violations.map(formatViolation).join('\n')}`,
      reading.violations.map((violation) => ({
        path: `${violation.line}:${violation.column}`,
        message: violation.message,
      })),
    );
  return { ...prepared, mapping: reading.mapping };
}
