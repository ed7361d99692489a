export * from './dev-keys';
export * from './key-settings';
export * from './load-config';
export * from './service-config';
export * from './kafka-security';
export * from './document-config';
