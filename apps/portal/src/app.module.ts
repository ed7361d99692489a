import { Controller, DynamicModule, Get, Global, Inject, MiddlewareConsumer, Module, NestModule, OnApplicationShutdown, Res } from '@nestjs/common';
import type { Response } from 'express';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { DIRECTORY_EVENTS } from '@mutuals/contracts';
import { messagingSettings, MessagingModule, OutboxHealth } from '@mutuals/messaging';
import { MetricsModule } from '@mutuals/metrics';
import { openDatabase } from '@mutuals/persistence';
import { SecurityModule } from '@mutuals/security';
import { AdminModule } from './admin/admin.module';
import { Apis } from './api/apis';
import { ApplicantModule } from './applicant/applicant.module';
import { AssessorModule } from './assessor/assessor.module';
import { PageAccessGuard, PublicPage } from './auth/page-access';
import { SignInAttempts, SignInLimitMiddleware } from './auth/sign-in-limits';
import { SignInModule } from './auth/sign-in.module';
import { PortalConfig } from './config';
import { CouncilModule } from './council/council.module';
import { DirectoryModule } from './directory/directory.module';
import { NulCharactersMiddleware } from './forms/nul-characters.middleware';
import { migrations } from './migrations';
import { OfficerModule } from './officer/officer.module';
import { PageErrorsFilter } from './pages/page-errors.filter';
import { Clock } from './session/clock';
import { SessionMiddleware } from './session/session.middleware';
import { UploadMiddleware } from './documents/upload.middleware';
import { SessionStore } from './session/session.store';
import { SignInFormToken } from './session/sign-in-form-token';
import { ServiceTokens } from './tokens/service-tokens';
import { TokensModule } from './tokens/tokens.module';

@Controller('health')
@PublicPage()
class HealthController {
  constructor(
    private readonly db: DataSource,
    private readonly outbox: OutboxHealth,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /**
   * Ready when the database answers and the outbox relay is not stuck (the directory's events
   * would reach nobody); the services have health checks of their own.
   */
  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response) {
    await this.db.query('select 1');
    const outbox = this.outbox.readiness();
    if (!outbox.ready) res.status(503);
    return { status: outbox.ready ? 'ok' : 'error', details: { outbox } };
  }
}

class DatabaseCloser implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async onApplicationShutdown() {
    if (this.db.isInitialized) await this.db.destroy();
  }
}

@Global()
@Module({})
export class AppModule implements NestModule {
  static forRoot(config: PortalConfig): DynamicModule {
    const tokens = new ServiceTokens(config);
    return {
      module: AppModule,
      imports: [
        MetricsModule.forRoot({ publicRoute: PublicPage() }),
        SecurityModule.forRoot({ retentionDays: config.SECURITY_EVENTS_RETENTION_DAYS }),
        // A producer only: the directory's events, written through the outbox in its own database.
        MessagingModule.forRoot({ service: 'portal', ...messagingSettings({ ...config, KAFKA_GROUP_ID: 'portal', CONSUMER_STALL_SECONDS: 60, CONSUMER_LIVENESS_GRACE_SECONDS: 180, KAFKA_SESSION_TIMEOUT_SECONDS: 30 }), produces: DIRECTORY_EVENTS, consumes: [] }),
        DirectoryModule,
        SignInModule,
        ApplicantModule,
        CouncilModule,
        AssessorModule,
        OfficerModule,
        AdminModule,
        TokensModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: PortalConfig, useValue: config },
        { provide: DataSource, useFactory: () => openDatabase({ url: config.DATABASE_URL, entities: [], migrations, poolSize: 5 }) },
        { provide: Clock, useValue: new Clock() },
        { provide: SessionStore, useFactory: (db: DataSource, clock: Clock) => new SessionStore(db, config.sessionLifetimes, clock), inject: [DataSource, Clock] },
        { provide: SignInFormToken, useValue: new SignInFormToken(config) },
        { provide: ServiceTokens, useValue: tokens },
        { provide: Apis, useValue: new Apis(config, tokens) },
        SignInAttempts,
        DatabaseCloser,
        { provide: APP_GUARD, useClass: PageAccessGuard },
        { provide: APP_FILTER, useClass: PageErrorsFilter },
      ],
      exports: [PortalConfig, DataSource, Clock, SessionStore, SignInFormToken, Apis, ServiceTokens, SignInAttempts, DirectoryModule],
    };
  }

  configure(consumer: MiddlewareConsumer) {
    // Text the database cannot store is refused before anything stores it (the sign-in limits count the account named).
    consumer.apply(NulCharactersMiddleware).forRoutes('{*path}');
    // The sign-in limits next: a flood of attempts is refused before its form token is even checked.
    consumer.apply(SignInLimitMiddleware).exclude('health/{*path}', 'metrics').forRoutes('{*path}');
    consumer.apply(UploadMiddleware).exclude('health/{*path}', 'metrics').forRoutes('{*path}');
    consumer.apply(SessionMiddleware).exclude('health/{*path}', 'metrics', '.well-known/{*path}').forRoutes('{*path}');
  }
}
