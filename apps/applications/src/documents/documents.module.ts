import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { ApplicationDocumentsController } from './application-documents.controller';
import { ApplicationDocumentsService } from './application-documents.service';

@Module({ imports: [ApplicationsModule], controllers: [ApplicationDocumentsController], providers: [ApplicationDocumentsService] })
export class ApplicationDocumentsModule {}
