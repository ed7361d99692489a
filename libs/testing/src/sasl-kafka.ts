import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { freePortPair } from './private-kafka';

const ROOT = resolve(__dirname, '../../..');
const run = promisify(execFile);

/** The KAFKA_* settings a client of the SASL broker connects with as a user. */
export type KafkaClientSettings = Record<'KAFKA_BROKERS' | 'KAFKA_TLS' | 'KAFKA_TLS_CA_FILE' | 'KAFKA_SASL_MECHANISM' | 'KAFKA_SASL_USERNAME' | 'KAFKA_SASL_PASSWORD_FILE', string>;

/**
 * A broker of the test's own with SASL_SSL only, SCRAM-SHA-512 users per service and ACLs
 * (scripts/kafka.sh start-sasl on a free port, with its own CA, users and data), removed afterwards.
 */
export class SaslKafka {
  private constructor(readonly port: number) {}

  static async create(): Promise<SaslKafka> {
    return new SaslKafka(await freePortPair());
  }

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  get stateDir(): string {
    return resolve(ROOT, `.local/kafka-sasl-${this.port}`);
  }

  /** Generates the CA, certificate and users the first time, starts the broker and applies infra/kafka/acls.json. */
  async start(): Promise<void> {
    await this.script('start-sasl');
  }

  /** What `user` (a service, or admin) connects with; `password` replaces the user's real one. */
  settingsFor(user: string): KafkaClientSettings {
    return {
      KAFKA_BROKERS: this.brokers,
      KAFKA_TLS: 'true',
      KAFKA_TLS_CA_FILE: join(this.stateDir, 'tls/ca.crt'),
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: user,
      KAFKA_SASL_PASSWORD_FILE: join(this.stateDir, 'users', user),
    };
  }

  /** A kafkajs client signed in as `user`, with its password or the one given. */
  client(user: string, password = readFileSync(join(this.stateDir, 'users', user), 'utf8').trim()): Kafka {
    return new Kafka({
      clientId: `tests-${user}`,
      brokers: [this.brokers],
      ssl: { ca: [readFileSync(join(this.stateDir, 'tls/ca.crt'), 'utf8')] },
      sasl: { mechanism: 'scram-sha-512', username: user, password },
      logLevel: logLevel.NOTHING,
      connectionTimeout: 5000,
      retry: { retries: 0 },
    });
  }

  /** Creates topics and applies ACLs from a declaration (ops/k8s.ts kafkaAccess), as the admin, with scripts/kafka-acls.js. */
  async applyAccess(declaration: object): Promise<void> {
    const dir = mkdtempSync(join(tmpdir(), 'kafka-acls-'));
    try {
      const file = join(dir, 'acls.json');
      writeFileSync(file, JSON.stringify(declaration));
      await run('node', [resolve(ROOT, 'scripts/kafka-acls.js'), file], { timeout: 60000, env: { ...process.env, ...this.settingsFor('admin') } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Stops the broker and deletes its data, certificate and users. */
  async remove(): Promise<void> {
    await this.script('reset-sasl');
    rmSync(this.stateDir, { recursive: true, force: true });
  }

  private async script(action: string): Promise<void> {
    await run('bash', [resolve(ROOT, 'scripts/kafka.sh'), action], { timeout: 180000, env: { ...process.env, KAFKA_SASL_PORT: String(this.port) } });
  }
}
