import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule, Public } from '@mutuals/auth';
import { AwardAccepted, AwardDeclined, AwardLapsed, AwardOffered, AwardOfferReissued, BudgetCommittedChanged, CaseDecided, CaseOpened, CaseReconsiderationRequested, CaseReconsidered, INTAKE_EVENTS } from '@mutuals/contracts';
import { DocumentsModule, documentSettingsOf } from '@mutuals/documents';
import { HealthModule } from '@mutuals/http';
import { SecurityModule } from '@mutuals/security';
import { DeadLetterModule, messagingSettings, MessagingModule } from '@mutuals/messaging';
import { MetricsModule, parseGroups } from '@mutuals/metrics';
import { openDatabase, postgresOptions } from '@mutuals/persistence';
import { BidEntity } from './bids/bid.entity';
import { BidPartnerEntity } from './bids/bid-partner.entity';
import { BidsModule } from './bids/bids.module';
import { IntakeConfig } from './config';
import { DemoDataSeeder } from './demo/demo-data.seeder';
import { BidDocumentsModule } from './documents/documents.module';
import { migrations } from './migrations';
import { ProgrammeEntity } from './programmes/programme.entity';
import { ProgrammesModule } from './programmes/programmes.module';
import { RoundEntity } from './rounds/round.entity';
import { RoundsModule } from './rounds/rounds.module';

const entities = [ProgrammeEntity, RoundEntity, BidEntity, BidPartnerEntity];

@Module({})
export class AppModule {
  static forRoot(config: IntakeConfig): DynamicModule {
    const database = { url: config.DATABASE_URL, entities, migrations };
    return {
      module: AppModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => postgresOptions(database),
          dataSourceFactory: () => openDatabase(database),
        }),
        AuthModule.forRoot(config.tokenVerification),
        // After AuthModule: its rate limits need the caller's verified subject.
        SecurityModule.forRoot({ apiPerMinute: config.RATE_LIMIT_API_PER_MINUTE, exportsPerMinute: config.RATE_LIMIT_EXPORTS_PER_MINUTE, retentionDays: config.SECURITY_EVENTS_RETENTION_DAYS }),
        MessagingModule.forRoot({
          service: 'intake',
          ...messagingSettings(config),
          produces: INTAKE_EVENTS,
          consumes: [CaseOpened, CaseDecided, AwardOffered, AwardAccepted, AwardDeclined, AwardLapsed, BudgetCommittedChanged, CaseReconsiderationRequested, CaseReconsidered, AwardOfferReissued],
        }),
        HealthModule,
        MetricsModule.forRoot({ publicRoute: Public(), messaging: { groups: parseGroups(config.METRICS_LAG_GROUPS) } }),
        DeadLetterModule,
        ProgrammesModule,
        RoundsModule,
        BidsModule,
        DocumentsModule.forRoot(documentSettingsOf(config)),
        BidDocumentsModule,
      ],
      // Global, so the scheduler and the demo seeder get the settings.
      providers: [{ provide: IntakeConfig, useValue: config }, DemoDataSeeder],
      exports: [IntakeConfig],
    };
  }
}
