import { Module } from '@nestjs/common';
import { RoundsModule } from '../rounds/rounds.module';
import { AwardEventsConsumer } from './award-events.consumer';
import { BidsController } from './bids.controller';
import { BidsService } from './bids.service';

@Module({ imports: [RoundsModule], controllers: [BidsController, AwardEventsConsumer], providers: [BidsService], exports: [BidsService] })
export class BidsModule {}
