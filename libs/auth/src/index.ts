export * from './roles';
export * from './keys';
export * from './tokens';
export * from './decorators';
export * from './auth.guard';
export * from './auth.module';
