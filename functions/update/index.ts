import { lambdaDeps } from '../commons/lambda-deps.ts';
import { createUpdateHandler } from './handler.ts';

export const handler = createUpdateHandler(lambdaDeps());
