import { lambdaDeps } from '../commons/runtime/lambda-deps.ts';
import { createPartitionHandler } from './handler.ts';

export const handler = createPartitionHandler(lambdaDeps());
