import { ApiProperty, OmitType } from '@nestjs/swagger';
import { DocumentListView, DocumentView } from '@mutuals/documents';

/** A document on a case, saying who attached it: the officers' due diligence, or the mutual's evidence of a condition. */
export class CaseDocumentView extends DocumentView {
  @ApiProperty({ description: 'Attached by the mutual (POST awards/:id/documents), not by a programme officer' }) fromApplicant!: boolean;
}

export class CaseDocumentListView extends OmitType(DocumentListView, ['items'] as const) {
  @ApiProperty({ type: [CaseDocumentView] }) items!: CaseDocumentView[];
}

/** The statuses of a condition whose evidence an officer relies on: waiting for review, or accepted. */
export const HELD_STATUSES = ['evidence-submitted', 'met'] as const;

/** A condition whose evidence names the document. */
export class DocumentEvidenceOf {
  @ApiProperty({ format: 'uuid' }) conditionId!: string;
  @ApiProperty({ example: 'Appoint an independent chair' }) condition!: string;
  @ApiProperty({ enum: HELD_STATUSES, description: 'evidence-submitted: waiting for review; met: accepted' }) status!: string;
}

export class AwardDocumentView extends DocumentView {
  @ApiProperty({ type: [DocumentEvidenceOf], description: 'The conditions whose evidence, waiting for review or accepted, names the document' }) evidenceOf!: DocumentEvidenceOf[];
  @ApiProperty({ description: 'The mutual may remove it: no evidence waiting for review or accepted names it' }) removable!: boolean;
}

export class AwardDocumentListView {
  @ApiProperty({ type: [AwardDocumentView] }) items!: AwardDocumentView[];
}
