import { lambdaDeps } from '../commons/runtime/lambda-deps.ts';
import { createSegmentEventsHandler } from './handler.ts';

export const handler = createSegmentEventsHandler(lambdaDeps());
