import { Module } from '@nestjs/common';
import { documentsController } from '@mutuals/documents';
import { ApplicationsModule } from '../applications/applications.module';
import { ApplicationDocumentsService } from './application-documents.service';

const ApplicationDocumentsController = documentsController({
  path: 'applications/:ownerId/documents',
  record: 'application',
  service: ApplicationDocumentsService,
  readers: ['applicant', 'programme_officer'],
  writers: ['applicant'],
});

@Module({ imports: [ApplicationsModule], controllers: [ApplicationDocumentsController], providers: [ApplicationDocumentsService] })
export class ApplicationDocumentsModule {}
