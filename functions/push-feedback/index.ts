import { lambdaDeps } from '../commons/runtime/lambda-deps.ts';
import { createPushFeedbackHandler } from './handler.ts';

export const handler = createPushFeedbackHandler(lambdaDeps());
