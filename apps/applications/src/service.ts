import { ServiceDefinition } from '@mutuals/http';
import { AppModule } from './app.module';
import { ApplicationsConfig } from './config';

export const applicationsService: ServiceDefinition<ApplicationsConfig> = {
  name: 'applications',
  title: 'Mutuals support fund: applications',
  description: 'The mutuals support fund: applicant organisations, funds, applications from draft to decision (status follows the awards service), the officer list with CSV export, and the audit trail.',
  configClass: ApplicationsConfig,
  module: (config) => AppModule.forRoot(config),
};
