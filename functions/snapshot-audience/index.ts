import { lambdaDeps } from '../commons/lambda-deps.ts';
import { createSnapshotAudienceHandler } from './handler.ts';

export const handler = createSnapshotAudienceHandler(lambdaDeps());
