import { lambdaDeps } from '../commons/runtime/lambda-deps.ts';
import { createIngestEventsHandler } from './handler.ts';

export const handler = createIngestEventsHandler(lambdaDeps());
