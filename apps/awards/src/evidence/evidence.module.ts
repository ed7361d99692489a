import { Module } from '@nestjs/common';
import { documentsController } from '@mutuals/documents';
import { AwardEvidenceController } from './award-evidence.controller';
import { CaseDocumentListView } from './case-document.dto';
import { CaseEvidenceService } from './case-evidence.service';

const CaseEvidenceController = documentsController({
  path: 'cases/:ownerId/documents',
  record: 'case',
  service: CaseEvidenceService,
  readers: ['programme_officer'],
  writers: ['programme_officer'],
  listView: CaseDocumentListView,
  removalConflicts: "document-held-as-evidence: a condition's evidence waiting for review or accepted names it",
});

@Module({ controllers: [CaseEvidenceController, AwardEvidenceController], providers: [CaseEvidenceService] })
export class CaseEvidenceModule {}
