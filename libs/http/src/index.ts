export * from './error-body';
export * from './validation';
export * from './exception.filter';
export * from './health.module';
export * from './service';
export * from './openapi';
export * from './pagination';
export * from './csv';
