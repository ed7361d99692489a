import 'reflect-metadata';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min } from 'class-validator';
import { devPublicKeys } from './dev-keys';

const BROKER_LIST = /^[A-Za-z0-9.-]+:\d{1,5}(,[A-Za-z0-9.-]+:\d{1,5})*$/;
const POSTGRES_URL = /^postgres(ql)?:\/\/[^\s]+$/;

/**
 * How an app reaches Kafka: the brokers, its topic prefix, and how it authenticates (SASL) and
 * encrypts (TLS). ServiceConfig extends it; any other app with a Kafka client (the portal's
 * producer, say) can extend it too, and loadConfig checks the settings fit together
 * (kafkaSecurityProblems).
 */
export class KafkaClientConfig {
  @Matches(BROKER_LIST, { message: 'KAFKA_BROKERS must be a comma-separated list of host:port' })
  KAFKA_BROKERS = '127.0.0.1:9092';

  /** Put before every topic name; gives a test run, benchmark or second environment its own topics on a shared broker. */
  @Matches(/^([a-z0-9][a-z0-9-]*\.)?$/, { message: 'KAFKA_TOPIC_PREFIX must be empty or lower-case letters, digits and dashes ending in a dot' })
  KAFKA_TOPIC_PREFIX = '';

  /** SASL mechanism for Kafka (empty: none); `scram-sha-512` with the platform's brokers (a Strimzi KafkaUser, or scripts/kafka.sh start-sasl). */
  @IsIn(['', 'plain', 'scram-sha-256', 'scram-sha-512'], { message: 'KAFKA_SASL_MECHANISM must be empty, plain, scram-sha-256 or scram-sha-512' })
  KAFKA_SASL_MECHANISM = '';

  @IsString()
  KAFKA_SASL_USERNAME = '';

  @IsString()
  KAFKA_SASL_PASSWORD = '';

  /** A file holding the SASL password (a mounted secret), instead of KAFKA_SASL_PASSWORD; surrounding whitespace is ignored. */
  @IsString()
  KAFKA_SASL_PASSWORD_FILE = '';

  /** Connect to Kafka over TLS; KAFKA_TLS_CA_FILE names the CA certificate to trust (PEM) when it is not a public one. */
  @Transform(({ value }) => (value === true || value === 'true' ? true : value === false || value === 'false' ? false : value))
  @IsBoolean({ message: 'KAFKA_TLS must be true or false' })
  KAFKA_TLS = false;

  @IsString()
  KAFKA_TLS_CA_FILE = '';

  /** The name the brokers' certificates are checked against, when it is not the host in KAFKA_BROKERS (empty: that host). */
  @Matches(/^([A-Za-z0-9.-]+)?$/, { message: 'KAFKA_TLS_SERVERNAME must be empty or a host name' })
  KAFKA_TLS_SERVERNAME = '';
}

/**
 * Settings every service shares. Property names are the environment variable names,
 * so the settings table, docker-compose and k8s can be checked against this class.
 */
export class ServiceConfig extends KafkaClientConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV = 'development';

  @Type(() => Number)
  @IsInt({ message: 'PORT must be a whole number between 0 and 65535' })
  @Min(0)
  @Max(65535)
  PORT!: number;

  @Matches(POSTGRES_URL, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL!: string;

  @Matches(/^[a-z0-9][a-z0-9.-]*$/, { message: 'KAFKA_GROUP_ID must be lower-case letters, digits, dots and dashes' })
  KAFKA_GROUP_ID!: string;

  /**
   * Other consumer groups whose lag on this service's topics /metrics reports too (comma-separated),
   * so the lag of a consumer that is down entirely is still seen.
   */
  @Matches(/^([a-z0-9][a-z0-9.-]*(,[a-z0-9][a-z0-9.-]*)*)?$/, { message: 'METRICS_LAG_GROUPS must be a comma-separated list of consumer groups' })
  METRICS_LAG_GROUPS = '';

  /** An outbox relay that has failed to publish for this long is reported not ready. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3600)
  OUTBOX_STALL_SECONDS = 60;

  /** A consumer that has neither fetched nor handled a message for this long is reported not ready. */
  @Type(() => Number)
  @IsInt()
  @Min(5)
  @Max(3600)
  CONSUMER_STALL_SECONDS = 60;

  /**
   * A consumer that stops heartbeating (a replica killed, or cut off) keeps its partitions this long
   * before the group hands them to the others; a replica restarted after a kill waits as long to join.
   */
  @Type(() => Number)
  @IsInt()
  @Min(6) // the broker's group.min.session.timeout.ms
  @Max(300)
  KAFKA_SESSION_TIMEOUT_SECONDS = 30;

  /** A consumer that kafkajs stopped, or that stalls with the broker up, fails liveness after this long, so it is restarted. */
  @Type(() => Number)
  @IsInt()
  @Min(5)
  @Max(3600)
  CONSUMER_LIVENESS_GRACE_SECONDS = 180;

  /**
   * The public keys tokens are checked with, a JSON Web Key Set (`{"keys":[...]}`, EC P-256, each
   * with its kid). Empty: those of AUTH_JWKS_URL, or outside production the development key.
   */
  @IsString()
  AUTH_PUBLIC_KEYS = '';

  /** Where to read the signer's key set (the portal's /.well-known/jwks.json); read when first needed, cached. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'AUTH_JWKS_URL must be an http(s) URL' })
  AUTH_JWKS_URL?: string;

  /** A token with a kid not yet known reads AUTH_JWKS_URL again, at most this often. */
  @Type(() => Number)
  @IsInt({ message: 'AUTH_JWKS_REFRESH_SECONDS must be a whole number of seconds (1 to 3600)' })
  @Min(1, { message: 'AUTH_JWKS_REFRESH_SECONDS must be a whole number of seconds (1 to 3600)' })
  @Max(3600, { message: 'AUTH_JWKS_REFRESH_SECONDS must be a whole number of seconds (1 to 3600)' })
  AUTH_JWKS_REFRESH_SECONDS = 30;

  /** The audience a token must name: the service's own name, so a token for one service is refused by the others. */
  @Matches(/^[a-z][a-z0-9-]*$/, { message: 'AUTH_AUDIENCE must be lower-case letters, digits and dashes' })
  AUTH_AUDIENCE!: string;

  @IsString()
  AUTH_JWT_ISSUER = 'mutuals-platform';

  /** The longest token lifetime (exp - iat) accepted: a leaked token is of use only that long. */
  @Type(() => Number)
  @IsInt({ message: 'AUTH_TOKEN_MAX_AGE_SECONDS must be a whole number of seconds (10 to 3600)' })
  @Min(10, { message: 'AUTH_TOKEN_MAX_AGE_SECONDS must be a whole number of seconds (10 to 3600)' })
  @Max(3600, { message: 'AUTH_TOKEN_MAX_AGE_SECONDS must be a whole number of seconds (10 to 3600)' })
  AUTH_TOKEN_MAX_AGE_SECONDS = 300;

  /** Clock difference tolerated between the token's signer and this service. */
  @Type(() => Number)
  @IsInt({ message: 'AUTH_CLOCK_TOLERANCE_SECONDS must be a whole number of seconds (0 to 60)' })
  @Min(0, { message: 'AUTH_CLOCK_TOLERANCE_SECONDS must be a whole number of seconds (0 to 60)' })
  @Max(60, { message: 'AUTH_CLOCK_TOLERANCE_SECONDS must be a whole number of seconds (0 to 60)' })
  AUTH_CLOCK_TOLERANCE_SECONDS = 10;

  @IsIn(['debug', 'info', 'warn', 'error', 'silent'])
  LOG_LEVEL = 'info';

  /** OTLP/HTTP collector for traces (they go to `<url>/v1/traces`); unset, tracing is off. Tracing reads it at start, before anything else. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL' })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(60000)
  OUTBOX_POLL_MS = 250;

  /** Calls per minute one subject (a token's `sub`; the IP on a public route) may make, whatever the route; 0 turns it off. */
  @Type(() => Number)
  @IsInt({ message: 'RATE_LIMIT_API_PER_MINUTE must be a whole number (0 turns the limit off)' })
  @Min(0)
  RATE_LIMIT_API_PER_MINUTE = 600;

  /** Exports (CSV, 360Giving) per minute one subject may download; 0 turns it off. */
  @Type(() => Number)
  @IsInt({ message: 'RATE_LIMIT_EXPORTS_PER_MINUTE must be a whole number (0 turns the limit off)' })
  @Min(0)
  RATE_LIMIT_EXPORTS_PER_MINUTE = 10;

  /** Security events older than this are deleted. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  SECURITY_EVENTS_RETENTION_DAYS = 400;

  /** Seeds the service's demo data at start (idempotent); for local runs and demos only. */
  @Transform(({ value }) => (value === true || value === 'true' ? true : value === false || value === 'false' ? false : value))
  @IsBoolean({ message: 'DEMO_DATA must be true or false' })
  DEMO_DATA = false;

  /** How the AuthModule checks tokens; without keys or a key set URL, the development key (refused in production). */
  get tokenVerification() {
    const jwksUrl = this.AUTH_JWKS_URL ?? '';
    return {
      issuer: this.AUTH_JWT_ISSUER,
      audience: this.AUTH_AUDIENCE,
      maxAgeSeconds: this.AUTH_TOKEN_MAX_AGE_SECONDS,
      clockToleranceSeconds: this.AUTH_CLOCK_TOLERANCE_SECONDS,
      publicKeys: this.AUTH_PUBLIC_KEYS || (jwksUrl ? '' : devPublicKeys()),
      jwksUrl,
      jwksRefreshSeconds: this.AUTH_JWKS_REFRESH_SECONDS,
    };
  }
}
