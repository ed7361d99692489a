import { CreateSessions1763000000901 } from './1763000000901-CreateSessions';

export const migrations = [CreateSessions1763000000901];
