import { Module } from '@nestjs/common';
import { RoundsModule } from '../rounds/rounds.module';
import { AwardEventsConsumer } from './award-events.consumer';
import { BidsController } from './bids.controller';
import { BidsService } from './bids.service';

@Module({ imports: [RoundsModule], controllers: [BidsController], providers: [BidsService, AwardEventsConsumer], exports: [BidsService] })
export class BidsModule {}
