import { DocumentServiceConfig } from '@mutuals/config';

export class ApplicationsConfig extends DocumentServiceConfig {
  override PORT = 3001;
  override DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/mutuals_applications';
  override KAFKA_GROUP_ID = 'applications';
  override AUTH_AUDIENCE = 'applications';
}
