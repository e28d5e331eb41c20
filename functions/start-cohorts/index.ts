import { lambdaDeps } from '../commons/lambda-deps.ts';
import { createStartCohortsHandler } from './handler.ts';

export const handler = createStartCohortsHandler(lambdaDeps());
