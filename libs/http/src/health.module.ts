import { Controller, Get, Module, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TerminusModule, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '@mutuals/auth';
import { ConsumerHealth, KafkaConnection, OutboxHealth } from '@mutuals/messaging';

@ApiExcludeController() // probes for Kubernetes, like /metrics: not part of the API
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly kafka: KafkaConnection,
    private readonly consumer: ConsumerHealth,
    private readonly outbox: OutboxHealth,
  ) {}

  /**
   * The process is up; restart it only if this fails. It fails when the Kafka consumer has been
   * stopped by kafkajs, or has stalled, for longer than the grace period while the broker answers.
   */
  @Public()
  @Get('live')
  async live() {
    const consumer = await this.consumer.liveness(() =>
      this.kafka.ping(2000).then(
        () => true,
        () => false,
      ),
    );
    if (!consumer.live) throw new ServiceUnavailableException(`not live: ${consumer.detail}`);
    return { status: 'ok' };
  }

  /**
   * Ready for traffic: the database and Kafka answer, the consumer has joined and is fetching, and
   * the outbox relay publishes. Each dependency down is named in `details`, with why.
   */
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
      async () => this.indicate('consumer', this.consumer.readiness()),
      async () => this.indicate('outbox', this.outbox.readiness()),
    ]);
  }

  private indicate(key: string, { ready, ...report }: { ready: boolean }) {
    const indicator = this.indicators.check(key);
    return ready ? indicator.up(report) : indicator.down(report);
  }
}

@Module({ imports: [TerminusModule.forRoot({ logger: false })], controllers: [HealthController] })
export class HealthModule {}
