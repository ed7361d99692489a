import { CreateRateLimitsAndSecurityEvents1764700000000 } from '@mutuals/security';
import { CreateDeadLetterActions1763000001000, CreateMessagingTables1763000000000, OutboxToStreamTopics1764400000000 } from '@mutuals/messaging';
import { CreateAwarding1763000000301 } from './1763000000301-CreateAwarding';
import { AssessorPanels1763000000302 } from './1763000000302-AssessorPanels';
import { EventOrderRaces1764500000301 } from './1764500000301-EventOrderRaces';
import { ListOrderIndexes1764800000301 } from './1764800000301-ListOrderIndexes';
import { CaseDossiers1796019900000 } from './1796019900000-CaseDossiers';
import { CaseEvidence1796021400000 } from './1796021400000-CaseEvidence';
import { SupportInKind1796023000000 } from './1796023000000-SupportInKind';
import { CreateDocumentBlobs1796019182255 } from '@mutuals/documents';
import { Reconsiderations1796019127227 } from './1796019127227-Reconsiderations';
import { AwardMonitoring1796022508615 } from './1796022508615-AwardMonitoring';
import { MutualsRegister1796024000000 } from './1796024000000-MutualsRegister';
import { PortfolioDashboard1796024500000 } from './1796024500000-PortfolioDashboard';
import { MutualLinkKinds1796025000000 } from './1796025000000-MutualLinkKinds';
import { ApplicantEvidence1796025500000 } from './1796025500000-ApplicantEvidence';

export const migrations = [CreateMessagingTables1763000000000, CreateAwarding1763000000301, AssessorPanels1763000000302, CreateDeadLetterActions1763000001000, OutboxToStreamTopics1764400000000, EventOrderRaces1764500000301, CreateRateLimitsAndSecurityEvents1764700000000, ListOrderIndexes1764800000301, CaseDossiers1796019900000, CreateDocumentBlobs1796019182255, CaseEvidence1796021400000, Reconsiderations1796019127227, AwardMonitoring1796022508615, SupportInKind1796023000000, MutualsRegister1796024000000, PortfolioDashboard1796024500000, MutualLinkKinds1796025000000, ApplicantEvidence1796025500000];
