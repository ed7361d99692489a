import { CreateRateLimitsAndSecurityEvents1764700000000 } from '@mutuals/security';
import { CreateDeadLetterActions1763000001000, CreateMessagingTables1763000000000, OutboxToStreamTopics1764400000000 } from '@mutuals/messaging';
import { CreateDeliveries1763000000101 } from './1763000000101-CreateDeliveries';
import { ContactsSchedulesAndSendRate1763000000102 } from './1763000000102-ContactsSchedulesAndSendRate';
import { ScheduledMessageExpiry1763000000103 } from './1763000000103-ScheduledMessageExpiry';
import { DeliveryTraceContext1764500000104 } from './1764500000104-DeliveryTraceContext';
import { ContactChanges1796019338179 } from './1796019338179-ContactChanges';

export const migrations = [
  CreateMessagingTables1763000000000,
  CreateDeliveries1763000000101,
  ContactsSchedulesAndSendRate1763000000102,
  ScheduledMessageExpiry1763000000103,
  CreateDeadLetterActions1763000001000,
  OutboxToStreamTopics1764400000000,
  DeliveryTraceContext1764500000104,
  CreateRateLimitsAndSecurityEvents1764700000000,
  ContactChanges1796019338179,
];
