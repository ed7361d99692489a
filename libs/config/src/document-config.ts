import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';
import { ServiceConfig } from './service-config';

/** Settings of a service that keeps uploaded documents (applications, intake, awards). */
export class DocumentServiceConfig extends ServiceConfig {
  /** Where documents' bytes live: `postgres` (a table in the service's own database) or `s3` (an S3-compatible bucket). */
  @IsIn(['postgres', 's3'], { message: 'DOCUMENT_STORE must be postgres or s3' })
  DOCUMENT_STORE: 'postgres' | 's3' = 'postgres';

  /** The S3-compatible endpoint (MinIO, Ceph...); empty for AWS itself. */
  @Matches(/^(https?:\/\/[^\s]+)?$/, { message: 'S3_ENDPOINT must be empty or an http(s) URL' })
  S3_ENDPOINT = '';

  @ValidateIf((c: DocumentServiceConfig) => c.DOCUMENT_STORE === 's3')
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'S3_BUCKET must be a bucket name (needed when DOCUMENT_STORE=s3)' })
  S3_BUCKET = '';

  @IsString()
  S3_REGION = 'eu-west-2';

  /** The largest file accepted, in bytes (10 MB). */
  @Type(() => Number)
  @IsInt({ message: 'DOCUMENT_MAX_BYTES must be a whole number of bytes' })
  @Min(1)
  @Max(1024 * 1024 * 1024)
  DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;

  /** The most all of one record's documents may add up to, in bytes (50 MB). */
  @Type(() => Number)
  @IsInt({ message: 'DOCUMENT_MAX_TOTAL_BYTES must be a whole number of bytes' })
  @Min(1)
  DOCUMENT_MAX_TOTAL_BYTES = 50 * 1024 * 1024;

  /** Virus scanning of uploads: empty (none), `clamd://host:port` (INSTREAM) or `command:<command reading the file on stdin>`. */
  @Matches(/^(clamd:\/\/[^:/\s]+:\d{1,5}|command:.+)?$/, { message: 'VIRUS_SCANNER must be empty, clamd://host:port or command:<command>' })
  VIRUS_SCANNER = '';
}
