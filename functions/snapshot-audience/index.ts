import { lambdaDeps } from '../commons/runtime/lambda-deps.ts';
import { createSnapshotAudienceHandler } from './handler.ts';

export const handler = createSnapshotAudienceHandler(lambdaDeps());
