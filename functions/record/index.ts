import { lambdaDeps } from '../commons/runtime/lambda-deps.ts';
import { createRecordHandler } from './handler.ts';

export const handler = createRecordHandler(lambdaDeps());
