import { lambdaDeps } from '../commons/lambda-deps.ts';
import { createForkHandler } from './handler.ts';

export const handler = createForkHandler(lambdaDeps());
