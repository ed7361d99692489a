import { PortalConfig } from '../config';
import { ServiceClient } from './service-client';

/** One client per service the portal reads and writes through. */
export class Apis {
  readonly applications: ServiceClient;
  readonly intake: ServiceClient;
  readonly awards: ServiceClient;
  readonly notifications: ServiceClient;

  constructor(config: PortalConfig) {
    const tokens = { secret: config.AUTH_JWT_SECRET, issuer: config.AUTH_JWT_ISSUER };
    this.applications = new ServiceClient('applications', config.APPLICATIONS_URL, tokens);
    this.intake = new ServiceClient('intake', config.INTAKE_URL, tokens);
    this.awards = new ServiceClient('awards', config.AWARDS_URL, tokens);
    this.notifications = new ServiceClient('notifications', config.NOTIFICATIONS_URL, tokens);
  }
}
