export * from './request-context';
export * from './json-logger';
export * from './correlation.middleware';
