import { lambdaDeps } from '../commons/lambda-deps.ts';
import { createIngestEventsHandler } from './handler.ts';

export const handler = createIngestEventsHandler(lambdaDeps());
