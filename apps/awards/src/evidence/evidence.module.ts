import { Module } from '@nestjs/common';
import { documentsController } from '@mutuals/documents';
import { CaseEvidenceService } from './case-evidence.service';

const CaseEvidenceController = documentsController({
  path: 'cases/:ownerId/documents',
  record: 'case',
  service: CaseEvidenceService,
  readers: ['programme_officer'],
  writers: ['programme_officer'],
});

@Module({ controllers: [CaseEvidenceController], providers: [CaseEvidenceService] })
export class CaseEvidenceModule {}
