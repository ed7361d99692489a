export * from './dead-letter';
export * from './dead-letter-actions.migration';
export * from './dead-letter.module';
export * from './dead-letters';
