import { S3Client } from '@aws-sdk/client-s3';
import { lambdaDeps } from '../commons/runtime/lambda-deps.ts';
import { createImportCustomersHandler } from './handler.ts';
import { S3ObjectReader } from './s3-objects.ts';

export const handler = createImportCustomersHandler(lambdaDeps(), new S3ObjectReader(new S3Client({})));
