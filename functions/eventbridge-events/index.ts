import { lambdaDeps } from '../commons/runtime/lambda-deps.ts';
import { createEventBridgeEventsHandler } from './handler.ts';

export const handler = createEventBridgeEventsHandler(lambdaDeps());
