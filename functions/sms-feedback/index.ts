import { lambdaDeps } from '../commons/runtime/lambda-deps.ts';
import { createSmsFeedbackHandler } from './handler.ts';

export const handler = createSmsFeedbackHandler(lambdaDeps());
