export * from './domain-error';
export * from './money';
export * from './budget';
export * from './state-machine';
export * from './mutuals';
export * from './local-authorities';
export * from './reconsideration';
export * from './seeded-random';
