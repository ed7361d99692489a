import { ApiProperty } from '@nestjs/swagger';
import { DOCUMENT_TYPES } from './detection';

export class DocumentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Business plan.pdf' }) name!: string;
  @ApiProperty({ enum: DOCUMENT_TYPES, example: 'pdf' }) type!: string;
  @ApiProperty({ example: 'application/pdf' }) contentType!: string;
  @ApiProperty({ example: 482113 }) sizeBytes!: number;
  @ApiProperty({ example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', description: 'SHA-256 of the bytes, hex' }) sha256!: string;
  @ApiProperty({ format: 'date-time' }) uploadedAt!: string;
}

export class DocumentListView {
  @ApiProperty({ type: [DocumentView] }) items!: DocumentView[];
  @ApiProperty({ description: 'All the documents add up to this many bytes' }) totalBytes!: number;
  @ApiProperty({ description: 'DOCUMENT_MAX_BYTES' }) maxBytes!: number;
  @ApiProperty({ description: 'DOCUMENT_MAX_TOTAL_BYTES' }) maxTotalBytes!: number;
  @ApiProperty({ enum: DOCUMENT_TYPES, isArray: true }) allowedTypes!: string[];
}

export class UploadDocumentDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'PDF, DOCX, XLSX, ODT, ODS or CSV, as allowed; judged from its bytes' })
  file!: unknown;
}

/** The list with its limits, as every service's list endpoint answers. */
export function documentList(items: DocumentView[], limits: { maxBytes: number; maxTotalBytes: number }, allowedTypes: readonly string[]): DocumentListView {
  return { items, totalBytes: items.reduce((sum, d) => sum + d.sizeBytes, 0), maxBytes: limits.maxBytes, maxTotalBytes: limits.maxTotalBytes, allowedTypes: [...allowedTypes] };
}
