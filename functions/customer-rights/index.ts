import { lambdaDeps } from '../commons/runtime/lambda-deps.ts';
import { createCustomerRightsHandler } from './handler.ts';

export const handler = createCustomerRightsHandler(lambdaDeps());
