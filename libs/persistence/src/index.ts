export * from './database';
export * from './sql-errors';
export * from './polling-loop';
export * from './commit-signal';
export * from './hydrate';
export * from './statement-batcher';
