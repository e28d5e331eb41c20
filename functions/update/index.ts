import { lambdaDeps } from '../commons/runtime/lambda-deps.ts';
import { createUpdateHandler } from './handler.ts';

export const handler = createUpdateHandler(lambdaDeps());
