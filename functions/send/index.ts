import { lambdaDeps } from '../commons/runtime/lambda-deps.ts';
import { createSendHandler } from './handler.ts';

export const handler = createSendHandler(lambdaDeps());
