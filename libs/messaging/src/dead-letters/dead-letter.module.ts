import { Module } from '@nestjs/common';
import { DeadLetterActions } from './dead-letter-actions';
import { DeadLetterKafka } from './dead-letter-kafka';
import { DeadLetterReader } from './dead-letter-reader';
import { DeadLetters } from './dead-letters';
import { DeadLettersController } from './dead-letters.controller';

/**
 * The operators' view of this service's dead letters at /admin/dead-letters. Needs the
 * messaging options (MessagingModule) and the service's database, with
 * CreateDeadLetterActions in its migrations.
 */
@Module({
  controllers: [DeadLettersController],
  providers: [DeadLetterKafka, DeadLetterReader, DeadLetterActions, DeadLetters],
  exports: [DeadLetters],
})
export class DeadLetterModule {}
