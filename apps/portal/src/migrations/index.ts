import { CreateRateLimitsAndSecurityEvents1764700000000 } from '@mutuals/security';
import { CreateSessions1763000000901 } from './1763000000901-CreateSessions';
import { SessionLifetimes1764500000901 } from './1764500000901-SessionLifetimes';

export const migrations = [CreateSessions1763000000901, SessionLifetimes1764500000901, CreateRateLimitsAndSecurityEvents1764700000000];
