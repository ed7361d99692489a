import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule, Public } from '@mutuals/auth';
import { NOTIFICATIONS_EVENTS } from '@mutuals/contracts';
import { HealthModule } from '@mutuals/http';
import { SecurityModule } from '@mutuals/security';
import { DeadLetterModule, messagingSettings, MessagingModule } from '@mutuals/messaging';
import { MetricsModule, parseGroups } from '@mutuals/metrics';
import { openDatabase, postgresOptions } from '@mutuals/persistence';
import { ChannelModule } from './channels/channel.module';
import { NotificationsConfig } from './config';
import { ContactsModule } from './contacts/contacts.module';
import { DeliveriesModule } from './deliveries/deliveries.module';
import { DeliveryEntity } from './deliveries/delivery.entity';
import { DemoModule } from './demo/demo.module';
import { EventsModule } from './events/events.module';
import { CONSUMED_CONTRACTS } from './events/triggers';
import { migrations } from './migrations';

const entities = [DeliveryEntity];

@Global()
@Module({})
class ConfigModule {
  static forRoot(config: NotificationsConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: NotificationsConfig, useValue: config }], exports: [NotificationsConfig] };
  }
}

@Module({})
export class AppModule {
  static forRoot(config: NotificationsConfig): DynamicModule {
    const database = { url: config.DATABASE_URL, entities, migrations };
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
          service: 'notifications',
          ...messagingSettings(config),
          produces: NOTIFICATIONS_EVENTS,
          consumes: CONSUMED_CONTRACTS,
        }),
        ChannelModule.forRoot(config),
        HealthModule,
        MetricsModule.forRoot({ publicRoute: Public(), messaging: { groups: parseGroups(config.METRICS_LAG_GROUPS) } }),
        DeadLetterModule,
        ContactsModule,
        DeliveriesModule,
        EventsModule,
        DemoModule,
      ],
    };
  }
}
