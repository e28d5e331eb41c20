import { lambdaDeps } from '../commons/runtime/lambda-deps.ts';
import { createEmailFeedbackHandler } from './handler.ts';

export const handler = createEmailFeedbackHandler(lambdaDeps());
