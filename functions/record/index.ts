import { lambdaDeps } from '../commons/lambda-deps.ts';
import { createRecordHandler } from './handler.ts';

export const handler = createRecordHandler(lambdaDeps());
