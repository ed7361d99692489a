import { CreateMessagingTables1763000000000, OutboxToStreamTopics1764400000000 } from '@mutuals/messaging';
import { CreateRateLimitsAndSecurityEvents1764700000000 } from '@mutuals/security';
import { CreateSessions1763000000901 } from './1763000000901-CreateSessions';
import { SessionLifetimes1764500000901 } from './1764500000901-SessionLifetimes';
import { CreateDirectory1765000000901 } from './1765000000901-CreateDirectory';

// The outbox (and the inbox the messaging library expects) came with the directory's events.
export const migrations = [
  CreateMessagingTables1763000000000,
  OutboxToStreamTopics1764400000000,
  CreateSessions1763000000901,
  SessionLifetimes1764500000901,
  CreateRateLimitsAndSecurityEvents1764700000000,
  CreateDirectory1765000000901,
];
