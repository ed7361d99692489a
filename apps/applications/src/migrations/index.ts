import { CreateRateLimitsAndSecurityEvents1764700000000 } from '@mutuals/security';
import { CreateDeadLetterActions1763000001000, CreateMessagingTables1763000000000, OutboxToStreamTopics1764400000000 } from '@mutuals/messaging';
import { CreateApplications1763000000001 } from './1763000000001-CreateApplications';
import { OrganisationsFundsAndLifecycle1763000000002 } from './1763000000002-OrganisationsFundsAndLifecycle';
import { SortIndexes1763000000003 } from './1763000000003-SortIndexes';
import { OfferExpiry1763000000004 } from './1763000000004-OfferExpiry';
import { FundCommitments1764500000001 } from './1764500000001-FundCommitments';
import { FundDescriptionAndWindows1796019126384 } from './1796019126384-FundDescriptionAndWindows';
import { ApplicationDocuments1796019600000 } from './1796019600000-ApplicationDocuments';
import { CreateDocumentBlobs1796019182255 } from '@mutuals/documents';
import { Reconsideration1796019600001 } from './1796019600001-Reconsideration';

export const migrations = [
  CreateMessagingTables1763000000000,
  CreateApplications1763000000001,
  OrganisationsFundsAndLifecycle1763000000002,
  SortIndexes1763000000003,
  OfferExpiry1763000000004,
  CreateDeadLetterActions1763000001000,
  OutboxToStreamTopics1764400000000,
  FundCommitments1764500000001,
  CreateRateLimitsAndSecurityEvents1764700000000,
  FundDescriptionAndWindows1796019126384,
  CreateDocumentBlobs1796019182255,
  ApplicationDocuments1796019600000,
  Reconsideration1796019600001,
];
