export * from './envelope';
export * from './contract';
export * from './catalogue';
export * from './kafka-records';
export * from './events/applications';
export * from './events/intake';
export * from './events/awards';
export * from './shared/fields';
