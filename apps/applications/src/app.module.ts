import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule, Public } from '@mutuals/auth';
import {
  ApplicationSubmitted,
  ApplicationWithdrawn,
  AwardAccepted,
  AwardDeclined,
  AwardLapsed,
  AwardOffered,
  AwardOfferReissued,
  BudgetCommittedChanged,
  CaseDecided,
  CaseOpened,
  CaseReconsiderationRequested,
  CaseReconsidered,
  FundPublished,
  OrganisationRegistered,
  OrganisationUpdated,
} from '@mutuals/contracts';
import { DocumentsModule, documentSettingsOf } from '@mutuals/documents';
import { HealthModule } from '@mutuals/http';
import { SecurityModule } from '@mutuals/security';
import { DeadLetterModule, messagingSettings, MessagingModule } from '@mutuals/messaging';
import { MetricsModule, parseGroups } from '@mutuals/metrics';
import { openDatabase, postgresOptions } from '@mutuals/persistence';
import { ApplicationEntity } from './applications/application.entity';
import { ApplicationsModule } from './applications/applications.module';
import { AuditEntryEntity } from './audit/audit-entry.entity';
import { AuditModule } from './audit/audit.module';
import { ApplicationsConfig } from './config';
import { DemoDataSeeder } from './demo/demo-data.seeder';
import { FundEntity } from './funds/fund.entity';
import { FundsModule } from './funds/funds.module';
import { ApplicationDocumentsModule } from './documents/documents.module';
import { migrations } from './migrations';
import { OrganisationEntity, OrganisationMemberEntity } from './organisations/organisation.entity';
import { OrganisationsModule } from './organisations/organisations.module';

const entities = [ApplicationEntity, OrganisationEntity, OrganisationMemberEntity, FundEntity, AuditEntryEntity];

@Module({})
export class AppModule {
  static forRoot(config: ApplicationsConfig): DynamicModule {
    const database = { url: config.DATABASE_URL, entities, migrations };
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => postgresOptions(database),
          dataSourceFactory: () => openDatabase(database),
        }),
        AuthModule.forRoot(config.tokenVerification),
        // After AuthModule: its rate limits need the caller's verified subject.
        SecurityModule.forRoot({ apiPerMinute: config.RATE_LIMIT_API_PER_MINUTE, exportsPerMinute: config.RATE_LIMIT_EXPORTS_PER_MINUTE, retentionDays: config.SECURITY_EVENTS_RETENTION_DAYS }),
        MessagingModule.forRoot({
          service: 'applications',
          ...messagingSettings(config),
          produces: [ApplicationSubmitted, ApplicationWithdrawn, FundPublished, OrganisationRegistered, OrganisationUpdated],
          consumes: [CaseOpened, CaseDecided, AwardOffered, AwardAccepted, AwardDeclined, AwardLapsed, BudgetCommittedChanged, CaseReconsiderationRequested, CaseReconsidered, AwardOfferReissued],
        }),
        HealthModule,
        MetricsModule.forRoot({ publicRoute: Public(), messaging: { groups: parseGroups(config.METRICS_LAG_GROUPS) } }),
        DeadLetterModule,
        AuditModule,
        OrganisationsModule,
        FundsModule,
        ApplicationsModule,
        DocumentsModule.forRoot(documentSettingsOf(config)),
        ApplicationDocumentsModule,
      ],
      providers: [{ provide: ApplicationsConfig, useValue: config }, DemoDataSeeder],
    };
  }
}
