import { lambdaDeps } from '../commons/lambda-deps.ts';
import { createSendHandler } from './handler.ts';

export const handler = createSendHandler(lambdaDeps());
