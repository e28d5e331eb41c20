import { lambdaDeps } from '../commons/lambda-deps.ts';
import { createPartitionHandler } from './handler.ts';

export const handler = createPartitionHandler(lambdaDeps());
