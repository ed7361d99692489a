import { DocumentType } from './detection';

export const DOCUMENT_SETTINGS = Symbol('DOCUMENT_SETTINGS');
export const DOCUMENT_STORE = Symbol('DOCUMENT_STORE');

/** The settings a DocumentServiceConfig gives, as the documents module takes them. */
export interface DocumentSettings {
  store: 'postgres' | 's3';
  s3: { endpoint: string; bucket: string; region: string };
  maxBytes: number;
  maxTotalBytes: number;
  virusScanner: string;
}

export function documentSettingsOf(config: {
  DOCUMENT_STORE: 'postgres' | 's3';
  S3_ENDPOINT: string;
  S3_BUCKET: string;
  S3_REGION: string;
  DOCUMENT_MAX_BYTES: number;
  DOCUMENT_MAX_TOTAL_BYTES: number;
  VIRUS_SCANNER: string;
}): DocumentSettings {
  return {
    store: config.DOCUMENT_STORE,
    s3: { endpoint: config.S3_ENDPOINT, bucket: config.S3_BUCKET, region: config.S3_REGION },
    maxBytes: config.DOCUMENT_MAX_BYTES,
    maxTotalBytes: config.DOCUMENT_MAX_TOTAL_BYTES,
    virusScanner: config.VIRUS_SCANNER,
  };
}

/** What a fund or round accepts when it says nothing: all six. */
export const DEFAULT_ALLOWED_TYPES: readonly DocumentType[] = ['pdf', 'docx', 'xlsx', 'odt', 'ods', 'csv'];
