export * from './load-config';
export * from './service-config';
export * from './kafka-security';
