import { Module } from '@nestjs/common';
import { RoundsModule } from '../rounds/rounds.module';
import { AwardEventsConsumer } from './award-events.consumer';
import { BidsController } from './bids.controller';
import { BidsService } from './bids.service';
import { ScreeningReconsiderationsController } from './screening-reconsiderations.controller';
import { ScreeningReconsiderationsService } from './screening-reconsiderations.service';

@Module({ imports: [RoundsModule], controllers: [BidsController, ScreeningReconsiderationsController], providers: [BidsService, AwardEventsConsumer, ScreeningReconsiderationsService], exports: [BidsService] })
export class BidsModule {}
