import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { journeys, journeysUntil } from '../support/cli.ts';
import { type TestEndpoint, testEndpoint, uniquePrefix } from '../support/dynamo/test-endpoint.ts';

let dynamo: TestEndpoint;

beforeAll(async () => {
  dynamo = await testEndpoint();
});

afterAll(async () => {
  await dynamo?.stop();
});

describe('journeys serve --dynamodb-endpoint', () => {
  test('refuses an endpoint that is not an http(s) URL before it serves anything', async () => {
    // Act
    const result = await journeys('serve', '--port', '0', '--dynamodb-endpoint', '127.0.0.1:8000');

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '--dynamodb-endpoint: expected an http(s) URL, such as http://127.0.0.1:8000',
    );
  });

  test('keeps its tables under the prefix at that endpoint, says so, and leaves them when it stops', async () => {
    // Prepare
    const prefix = uniquePrefix('serve');
    const dataDir = mkdtempSync(join(tmpdir(), 'journeys-serve-dynamodb-'));

    // Act
    const stderr = await journeysUntil('Ctrl-C stops.', [
      'serve',
      '--port',
      '0',
      '--deliver',
      'outbox',
      '--data-dir',
      dataDir,
      '--dynamodb-endpoint',
      dynamo.endpoint,
      '--table-prefix',
      prefix,
    ]);

    // Assess
    expect(stderr).toContain(`tables ${prefix}-* at ${dynamo.endpoint}`);
    const client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const table = await client.send(new DescribeTableCommand({ TableName: `${prefix}-events` }));
    client.destroy();
    expect(table.Table?.TableStatus).toBe('ACTIVE');
  }, 60_000);
});
