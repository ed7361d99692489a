import { createHash, randomUUID } from 'node:crypto';
import { DomainError } from '@mutuals/domain';
import { CONTENT_TYPES, detectDocumentType, DocumentType, typeList } from './detection';
import { sanitiseFileName } from './file-names';
import { ScanFailed, VirusScanner } from './virus-scanner';

/** A file as multer hands it over (memory storage). */
export interface UploadedFile {
  originalname: string;
  buffer: Buffer;
  size: number;
}

/** A file that passed every check, ready to store. */
export interface CheckedDocument {
  id: string;
  name: string;
  type: DocumentType;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  bytes: Buffer;
}

export interface DocumentLimits {
  maxBytes: number;
  maxTotalBytes: number;
}

export const megabytes = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

/**
 * The checks every upload goes through, in this order: present and not empty, within the size
 * limit, a type the record allows judged from its bytes, within the record's total, and clean when
 * a virus scanner is configured. Each refusal is a 422 that says what was wrong.
 */
export class DocumentChecks {
  constructor(
    readonly limits: DocumentLimits,
    private readonly scanner?: VirusScanner,
  ) {}

  async check(file: UploadedFile | undefined, allowed: readonly DocumentType[], storedBytes: number): Promise<CheckedDocument> {
    if (!file || file.size === 0) throw new DomainError('unprocessable', 'document-missing', 'Choose a file to upload', { fields: ['file'] });
    if (file.size > this.limits.maxBytes) throw tooLarge(this.limits.maxBytes);
    const detected = detectDocumentType(file.buffer);
    if (!detected.ok) throw new DomainError('unprocessable', 'document-type-refused', detected.reason, { fields: ['file'] });
    if (!allowed.includes(detected.type)) {
      throw new DomainError('unprocessable', 'document-type-not-allowed', `The file is a ${detected.type.toUpperCase()} file; only ${typeList(allowed)} files are accepted`, { fields: ['file'] });
    }
    this.assertWithinTotal(storedBytes, file.size);
    await this.scan(file.buffer);
    return {
      id: randomUUID(),
      name: sanitiseFileName(file.originalname, detected.type),
      type: detected.type,
      contentType: CONTENT_TYPES[detected.type],
      sizeBytes: file.size,
      sha256: createHash('sha256').update(file.buffer).digest('hex'),
      bytes: file.buffer,
    };
  }

  /** The record's documents with this one added stay within DOCUMENT_MAX_TOTAL_BYTES. */
  assertWithinTotal(storedBytes: number, sizeBytes: number): void {
    if (storedBytes + sizeBytes <= this.limits.maxTotalBytes) return;
    throw new DomainError(
      'unprocessable',
      'documents-total-too-large',
      `The documents would add up to more than ${megabytes(this.limits.maxTotalBytes)}; ${megabytes(Math.max(0, this.limits.maxTotalBytes - storedBytes))} is left`,
      { fields: ['file'] },
    );
  }

  private async scan(bytes: Buffer): Promise<void> {
    if (!this.scanner) return;
    let result;
    try {
      result = await this.scanner.scan(bytes);
    } catch (err) {
      if (err instanceof ScanFailed) throw new DomainError('unprocessable', 'document-not-scanned', `The file was not stored: it could not be scanned for viruses (${err.message}). Try again later`, { fields: ['file'] });
      throw err;
    }
    if (!result.clean) throw new DomainError('unprocessable', 'document-infected', `The file was scanned for viruses and refused: ${result.finding}`, { fields: ['file'] });
  }
}

export function tooLarge(maxBytes: number): DomainError {
  return new DomainError('unprocessable', 'document-too-large', `The file is larger than ${megabytes(maxBytes)}; upload a file of ${megabytes(maxBytes)} or less`, { fields: ['file'] });
}
