import { Module } from '@nestjs/common';
import { documentsController } from '@mutuals/documents';
import { BidsModule } from '../bids/bids.module';
import { BidDocumentsService } from './bid-documents.service';

const BidDocumentsController = documentsController({
  path: 'bids/:ownerId/documents',
  record: 'bid',
  service: BidDocumentsService,
  readers: ['applicant', 'programme_officer'],
  writers: ['applicant'],
});

@Module({ imports: [BidsModule], controllers: [BidDocumentsController], providers: [BidDocumentsService] })
export class BidDocumentsModule {}
