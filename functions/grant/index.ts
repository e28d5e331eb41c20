import { lambdaDeps } from '../commons/runtime/lambda-deps.ts';
import { createGrantHandler } from './handler.ts';

export const handler = createGrantHandler(lambdaDeps());
