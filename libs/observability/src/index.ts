export * from './request-context';
export * from './json-logger';
export * from './correlation.middleware';
export * from './trace-context';
export * from './tracing';
