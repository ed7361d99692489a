import { Module } from '@nestjs/common';
import { OfficerAwardsController } from './officer-awards.controller';
import { OfficerRoundsController } from './officer-rounds.controller';
import { OfficerController } from './officer.controller';

@Module({ controllers: [OfficerController, OfficerAwardsController, OfficerRoundsController] })
export class OfficerModule {}
