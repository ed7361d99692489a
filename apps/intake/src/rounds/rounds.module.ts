import { Module } from '@nestjs/common';
import { ProgrammesModule } from '../programmes/programmes.module';
import { RoundScheduler } from './round-scheduler';
import { RoundsController } from './rounds.controller';
import { RoundsService } from './rounds.service';

@Module({ imports: [ProgrammesModule], controllers: [RoundsController], providers: [RoundsService, RoundScheduler], exports: [RoundsService] })
export class RoundsModule {}
