import { ServiceDefinition } from '@mutuals/http';
import { AppModule } from './app.module';
import { IntakeConfig } from './config';

export const intakeService: ServiceDefinition<IntakeConfig> = {
  name: 'intake',
  title: 'Mutuals bid programmes: intake',
  description: 'Bid programmes and rounds with exact deadlines; council bids, eligibility screening and intake figures.',
  configClass: IntakeConfig,
  module: (config) => AppModule.forRoot(config),
};
