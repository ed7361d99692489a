import { CreateRateLimitsAndSecurityEvents1764700000000 } from '@mutuals/security';
import { CreateDeadLetterActions1763000001000, CreateMessagingTables1763000000000, OutboxToStreamTopics1764400000000 } from '@mutuals/messaging';
import { CreateIntake1763000000201 } from './1763000000201-CreateIntake';
import { ProgrammeCommitments1764500000201 } from './1764500000201-ProgrammeCommitments';
import { PartnerConsent1764600000201 } from './1764600000201-PartnerConsent';
import { BidDocuments1796020800000 } from './1796020800000-BidDocuments';
import { CreateDocumentBlobs1796019182255 } from '@mutuals/documents';
import { Reconsideration1796019700201 } from './1796019700201-Reconsideration';

export const migrations = [
  CreateMessagingTables1763000000000,
  CreateIntake1763000000201,
  CreateDeadLetterActions1763000001000,
  OutboxToStreamTopics1764400000000,
  ProgrammeCommitments1764500000201,
  PartnerConsent1764600000201,
  CreateRateLimitsAndSecurityEvents1764700000000,
  CreateDocumentBlobs1796019182255,
  BidDocuments1796020800000,
  Reconsideration1796019700201,
];
