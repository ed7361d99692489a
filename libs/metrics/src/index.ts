export * from './metrics-registry';
export * from './http-metrics';
export * from './consumer-lag';
export * from './messaging-metrics';
export * from './metrics.module';
