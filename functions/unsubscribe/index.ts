import { lambdaDeps } from '../commons/runtime/lambda-deps.ts';
import { createUnsubscribeHandler } from './handler.ts';

export const handler = createUnsubscribeHandler(lambdaDeps());
