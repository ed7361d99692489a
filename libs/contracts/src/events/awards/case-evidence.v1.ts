import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsString, Length, ValidateNested } from 'class-validator';
import { defineEvent } from '../../contract';
import { DocumentRef } from '../../shared/fields';
import { CASE_REF_EXAMPLE, CaseRef } from './case-ref';

/** The document types the platform accepts, as the documents library detects them from the bytes. */
export const EVIDENCE_DOCUMENT_TYPES = ['pdf', 'docx', 'xlsx', 'odt', 'ods', 'csv'] as const;

/** The evidence document, never its bytes: those stay in awards' document store. */
export class EvidenceDocument extends DocumentRef {
  @IsIn(EVIDENCE_DOCUMENT_TYPES) type!: (typeof EVIDENCE_DOCUMENT_TYPES)[number];
}

export class CaseEvidenceAttachedV1 extends CaseRef {
  @ValidateNested() @Type(() => EvidenceDocument) document!: EvidenceDocument;
  /** The programme officer who attached it, or the mutual's user (evidence of a condition of its award). */
  @IsString() @Length(1, 200) attachedBy!: string;
  @IsISO8601({ strict: true }) attachedAt!: string;
}

export class CaseEvidenceRemovedV1 extends CaseRef {
  @ValidateNested() @Type(() => EvidenceDocument) document!: EvidenceDocument;
  /** The programme officer who removed it, or the mutual's user (a document it attached, named by no evidence waiting for review or accepted). */
  @IsString() @Length(1, 200) removedBy!: string;
  @IsISO8601({ strict: true }) removedAt!: string;
}

const EVIDENCE_EXAMPLE = {
  documentId: '3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b',
  name: 'Accounts 2025.pdf',
  type: 'pdf' as const,
  contentType: 'application/pdf',
  sizeBytes: 201_344,
  sha256: 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9',
};

export const CaseEvidenceAttached = defineEvent({
  context: 'awards',
  aggregate: 'case',
  event: 'evidence-attached',
  version: 1,
  description:
    "A programme officer attached due-diligence evidence to a case (company accounts, a subsidy declaration, a bank confirmation), " +
    "or the mutual attached a document to its award's case as evidence that a condition is met. " +
    'The event identifies the document and its SHA-256; the bytes stay in awards, for programme officers (and the mutual, those it attached).',
  payload: CaseEvidenceAttachedV1,
  example: { ...CASE_REF_EXAMPLE, document: EVIDENCE_EXAMPLE, attachedBy: 'officer-sam', attachedAt: '2026-06-02T10:15:00.000Z' },
});

export const CaseEvidenceRemoved = defineEvent({
  context: 'awards',
  aggregate: 'case',
  event: 'evidence-removed',
  version: 1,
  description:
    "A programme officer removed due-diligence evidence from a case, or the mutual removed a document it had attached to its award's case " +
    '(one no evidence waiting for review or accepted names); its bytes are deleted from the store.',
  payload: CaseEvidenceRemovedV1,
  example: { ...CASE_REF_EXAMPLE, document: EVIDENCE_EXAMPLE, removedBy: 'officer-sam', removedAt: '2026-06-02T11:00:00.000Z' },
});
