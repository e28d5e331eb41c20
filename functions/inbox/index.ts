import { createDocumentClient } from '../commons/dynamo/create-client.ts';
import { lambdaDeps } from '../commons/runtime/lambda-deps.ts';
import { DynamoInboxStore } from '../commons/stores/inbox.ts';
import { createInboxHandler } from './handler.ts';

const deps = lambdaDeps();

export const handler = createInboxHandler(
  deps,
  new DynamoInboxStore(createDocumentClient(), deps.config.STATE_TABLE),
);
