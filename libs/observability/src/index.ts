export * from './request-context';
export * from './logger';
export * from './nest-logger';
export * from './request-logging';
export * from './correlation.middleware';
export * from './run-main';
export * from './trace-context';
export * from './tracing';
