export * from './security.migration';
export * from './rate-limit-storage';
export * from './security-events';
export * from './too-many-requests';
export * from './limits';
export * from './security.module';
export * from './access-events';
