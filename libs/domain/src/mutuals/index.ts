export * from './taxonomy';
export * from './registration-numbers';
export * from './word-count';
export * from './eligibility';
export * from './ownership';
