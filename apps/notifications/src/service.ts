import { ServiceDefinition } from '@mutuals/http';
import { AppModule } from './app.module';
import { NotificationsConfig } from './config';

export const notificationsService: ServiceDefinition<NotificationsConfig> = {
  name: 'notifications',
  title: 'Mutuals programme: notifications',
  description: 'Every message to applicants, assessors and officers, with its delivery status.',
  configClass: NotificationsConfig,
  module: (config) => AppModule.forRoot(config),
};
