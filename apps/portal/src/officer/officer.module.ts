import { Module } from '@nestjs/common';
import { OfficerAwardsController } from './officer-awards.controller';
import { OfficerPortfolioController } from './officer-portfolio.controller';
import { OfficerReconsiderationsController, OfficerScreeningReconsiderationsController } from './officer-reconsiderations.controller';
import { OfficerRoundsController } from './officer-rounds.controller';
import { OfficerController } from './officer.controller';
import { OfficerMutualsController } from './officer-mutuals.controller';
import { OfficerSetupController } from './officer-setup.controller';
import { OfficerSupportController } from './officer-support.controller';

@Module({ controllers: [OfficerController, OfficerAwardsController, OfficerRoundsController, OfficerSetupController, OfficerReconsiderationsController, OfficerScreeningReconsiderationsController, OfficerPortfolioController, OfficerMutualsController, OfficerSupportController] })
export class OfficerModule {}
