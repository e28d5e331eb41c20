import { lambdaDeps } from '../commons/lambda-deps.ts';
import { createGrantHandler } from './handler.ts';

export const handler = createGrantHandler(lambdaDeps());
