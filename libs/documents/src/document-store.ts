import { readFileSync } from 'node:fs';
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DataSource } from 'typeorm';

/** Where a document's bytes live; its details (name, type, hash, owner) stay in the service's own tables. */
export interface DocumentStore {
  readonly kind: 'postgres' | 's3';
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The bytes, or undefined when there are none under that key. */
  get(key: string): Promise<Buffer | undefined>;
  delete(key: string): Promise<void>;
}

/** The embedded default: a bytea table in the service's own database (migration CreateDocumentBlobs). */
export class PostgresDocumentStore implements DocumentStore {
  readonly kind = 'postgres' as const;
  constructor(private readonly dataSource: DataSource) {}

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    await this.dataSource.query(
      'insert into document_blobs (key, content_type, bytes) values ($1, $2, $3) on conflict (key) do update set content_type = excluded.content_type, bytes = excluded.bytes',
      [key, contentType, bytes],
    );
  }

  async get(key: string): Promise<Buffer | undefined> {
    const [row] = await this.dataSource.query('select bytes from document_blobs where key = $1', [key]);
    return row?.bytes;
  }

  async delete(key: string): Promise<void> {
    await this.dataSource.query('delete from document_blobs where key = $1', [key]);
  }
}

export interface S3Settings {
  endpoint: string;
  bucket: string;
  region: string;
}

/** A file-mounted secret (`*_FILE`), else the variable itself, else the SDK's own chain. */
function credentialsFromEnv(env: NodeJS.ProcessEnv): { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined {
  const read = (name: string) => (env[`${name}_FILE`] ? readFileSync(env[`${name}_FILE`]!, 'utf8').trim() : env[name] || undefined);
  const accessKeyId = read('AWS_ACCESS_KEY_ID');
  const secretAccessKey = read('AWS_SECRET_ACCESS_KEY');
  if (!accessKeyId || !secretAccessKey) return undefined;
  return { accessKeyId, secretAccessKey, sessionToken: read('AWS_SESSION_TOKEN') };
}

/** An S3-compatible bucket (AWS S3, MinIO, Ceph): path-style addressing when an endpoint is given. */
export class S3DocumentStore implements DocumentStore {
  readonly kind = 's3' as const;
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings, env: NodeJS.ProcessEnv = process.env) {
    this.client = new S3Client({
      region: settings.region,
      // S3-compatible stores do not all take the SDK's default trailing checksums.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(settings.endpoint ? { endpoint: settings.endpoint, forcePathStyle: true } : {}),
      ...(credentialsFromEnv(env) ? { credentials: credentialsFromEnv(env) } : {}),
    });
  }

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.settings.bucket, Key: key, Body: bytes, ContentType: contentType, ContentLength: bytes.length }));
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: key }));
      return Buffer.from(await out.Body!.transformToByteArray());
    } catch (err) {
      if (err instanceof NoSuchKey || (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key }));
  }

  destroy(): void {
    this.client.destroy();
  }
}
