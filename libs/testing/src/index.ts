export * from './wait-for';
export * from './smtp-test-server';
export * from './auth';
export * from './kafka';
export * from './service';
export * from './dead-letters';
