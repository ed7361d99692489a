import { PortalConfig } from '../config';
import { ServiceTokens } from '../tokens/service-tokens';
import { ServiceClient } from './service-client';

/** One client per service the portal reads and writes through. */
export class Apis {
  readonly applications: ServiceClient;
  readonly intake: ServiceClient;
  readonly awards: ServiceClient;
  readonly notifications: ServiceClient;

  constructor(config: PortalConfig, tokens = new ServiceTokens(config)) {
    this.applications = new ServiceClient('applications', config.APPLICATIONS_URL, tokens);
    this.intake = new ServiceClient('intake', config.INTAKE_URL, tokens);
    this.awards = new ServiceClient('awards', config.AWARDS_URL, tokens);
    this.notifications = new ServiceClient('notifications', config.NOTIFICATIONS_URL, tokens);
  }
}
