import { Controller, Get, Module } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TerminusModule, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '@mutuals/auth';
import { KafkaConnection } from '@mutuals/messaging';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly kafka: KafkaConnection,
  ) {}

  /** The process is up; restart it only if this fails. */
  @Public()
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** Ready for traffic: the database and Kafka both answer. */
  @Public()
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 2000 }),
      async () => {
        const indicator = this.indicators.check('kafka');
        try {
          await this.kafka.ping(2000);
          return indicator.up();
        } catch (err) {
          return indicator.down({ message: String(err instanceof Error ? err.message : err) });
        }
      },
    ]);
  }
}

@Module({ imports: [TerminusModule.forRoot({ logger: false })], controllers: [HealthController] })
export class HealthModule {}
