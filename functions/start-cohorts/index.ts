import { lambdaDeps } from '../commons/runtime/lambda-deps.ts';
import { createStartCohortsHandler } from './handler.ts';

export const handler = createStartCohortsHandler(lambdaDeps());
