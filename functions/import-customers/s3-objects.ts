import { GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import type { ObjectReader } from './prepare.ts';

/** Mapping files are small YAML; anything larger is not one. */
const MAX_MAPPING_BYTES = 256 * 1024;

/** Text objects of the import bucket, through the S3 client the function is given. */
export class S3ObjectReader implements ObjectReader {
  constructor(private readonly client: S3Client) {}

  async text(bucket: string, key: string): Promise<string | undefined> {
    try {
      const output = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if ((output.ContentLength ?? 0) > MAX_MAPPING_BYTES)
        throw new RangeError(`${key} is over ${MAX_MAPPING_BYTES} bytes: expected a mapping file`);
      return await output.Body?.transformToString('utf8');
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }
}
