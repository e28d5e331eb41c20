import { lambdaDeps } from '../commons/runtime/lambda-deps.ts';
import { createForkHandler } from './handler.ts';

export const handler = createForkHandler(lambdaDeps());
