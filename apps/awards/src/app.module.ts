import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule, Public } from '@mutuals/auth';
import { ApplicationSubmitted, ApplicationWithdrawn, AWARDS_EVENTS, BidScreened, BidWithdrawn, FundPublished, ProgrammePublished, RoundOpened } from '@mutuals/contracts';
import { DocumentsModule, documentSettingsOf } from '@mutuals/documents';
import { HealthModule } from '@mutuals/http';
import { SecurityModule } from '@mutuals/security';
import { DeadLetterModule, messagingSettings, MessagingModule } from '@mutuals/messaging';
import { MetricsModule, parseGroups } from '@mutuals/metrics';
import { openDatabase, postgresOptions } from '@mutuals/persistence';
import { AwardingModule } from './awarding.module';
import { AwardsConfig } from './config';
import { CaseEvidenceModule } from './evidence/evidence.module';
import { migrations } from './migrations';
import { PortfolioModule } from './portfolio/portfolio.module';

@Global()
@Module({})
class ConfigModule {
  static forRoot(config: AwardsConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: AwardsConfig, useValue: config }], exports: [AwardsConfig] };
  }
}

@Module({})
export class AppModule {
  static forRoot(config: AwardsConfig): DynamicModule {
    const database = { url: config.DATABASE_URL, entities: [], migrations };
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRootAsync({
          useFactory: () => postgresOptions(database),
          dataSourceFactory: () => openDatabase(database),
        }),
        AuthModule.forRoot(config.tokenVerification),
        // After AuthModule: its rate limits need the caller's verified subject.
        SecurityModule.forRoot({ apiPerMinute: config.RATE_LIMIT_API_PER_MINUTE, exportsPerMinute: config.RATE_LIMIT_EXPORTS_PER_MINUTE, retentionDays: config.SECURITY_EVENTS_RETENTION_DAYS }),
        MessagingModule.forRoot({
          service: 'awards',
          ...messagingSettings(config),
          produces: AWARDS_EVENTS,
          consumes: [ProgrammePublished, RoundOpened, FundPublished, BidScreened, BidWithdrawn, ApplicationSubmitted, ApplicationWithdrawn],
        }),
        HealthModule,
        MetricsModule.forRoot({ publicRoute: Public(), messaging: { groups: parseGroups(config.METRICS_LAG_GROUPS) } }),
        DeadLetterModule,
        AwardingModule,
        DocumentsModule.forRoot(documentSettingsOf(config)),
        CaseEvidenceModule,
        PortfolioModule,
      ],
    };
  }
}
