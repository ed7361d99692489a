import { ServiceDefinition } from '@mutuals/http';
import { AppModule } from './app.module';
import { AwardsConfig } from './config';

export const awardsService: ServiceDefinition<AwardsConfig> = {
  name: 'awards',
  title: 'Mutuals programme: grant awarding',
  description:
    'Assessment of eligible bids and support-fund applications (allocation without conflicts of interest, weighted scoring, moderation), ' +
    'budget-safe decisions, offers, milestone payments, award tracking and 360Giving export.',
  configClass: AwardsConfig,
  module: (config) => AppModule.forRoot(config),
};
