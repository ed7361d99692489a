import 'reflect-metadata';
import { createPrivateKey } from 'node:crypto';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';
import { parseKeySet } from '@mutuals/auth';
import { DEV_SIGNING_KEY, DEV_SIGNING_KEY_ID, KafkaClientConfig } from '@mutuals/config';

export const DEV_SESSION_SECRET = 'dev-only-session-secret-never-use-in-production-01';

const SERVICE_URL = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/**
 * The portal's settings. It reads the services through their APIs, keeps its sessions and the user
 * directory in its own database, and publishes the directory's events to Kafka (it consumes none).
 */
export class PortalConfig extends KafkaClientConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV = 'development';

  @Type(() => Number)
  @IsInt({ message: 'PORT must be a whole number between 0 and 65535' })
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @Matches(/^postgres(ql)?:\/\/[^\s]+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/mutuals_portal';

  @IsUrl(SERVICE_URL, { message: 'APPLICATIONS_URL must be an http(s) URL' })
  APPLICATIONS_URL = 'http://127.0.0.1:3001';

  @IsUrl(SERVICE_URL, { message: 'INTAKE_URL must be an http(s) URL' })
  INTAKE_URL = 'http://127.0.0.1:3002';

  @IsUrl(SERVICE_URL, { message: 'AWARDS_URL must be an http(s) URL' })
  AWARDS_URL = 'http://127.0.0.1:3003';

  @IsUrl(SERVICE_URL, { message: 'NOTIFICATIONS_URL must be an http(s) URL' })
  NOTIFICATIONS_URL = 'http://127.0.0.1:3004';

  /** Signs the session cookie. */
  @IsString()
  @MinLength(32, { message: 'SESSION_SECRET must be at least 32 characters' })
  SESSION_SECRET = DEV_SESSION_SECRET;

  /**
   * The private key (PEM, EC P-256) that signs the short-lived ES256 tokens the portal sends to the
   * services on the signed-in user's behalf; the development key unless set (refused in production).
   */
  @IsString()
  AUTH_SIGNING_KEY = DEV_SIGNING_KEY;

  /** The signing key's id (kid): tokens name it, and the services pick the public key by it. */
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'AUTH_SIGNING_KEY_ID must be 1 to 64 letters, digits, dots, dashes or underscores' })
  AUTH_SIGNING_KEY_ID = DEV_SIGNING_KEY_ID;

  /**
   * Public keys of earlier signing keys (a JSON Web Key Set), still published at
   * /.well-known/jwks.json during a rotation so tokens they signed stay valid until they expire.
   */
  @IsString()
  AUTH_PREVIOUS_PUBLIC_KEYS = '';

  @IsString()
  AUTH_JWT_ISSUER = 'mutuals-platform';

  /** How long a token the portal mints for a service lives; the services refuse longer ones (AUTH_TOKEN_MAX_AGE_SECONDS). */
  @Type(() => Number)
  @IsInt({ message: 'AUTH_TOKEN_SECONDS must be a whole number of seconds (10 to 300)' })
  @Min(10, { message: 'AUTH_TOKEN_SECONDS must be a whole number of seconds (10 to 300)' })
  @Max(300, { message: 'AUTH_TOKEN_SECONDS must be a whole number of seconds (10 to 300)' })
  AUTH_TOKEN_SECONDS = 60;

  /**
   * The demo users' sign-in (pick a persona, no password): for local trials only, so off unless
   * asked for, and refused in production.
   */
  @Transform(({ value }) => (value === true || value === 'true' ? true : value === false || value === 'false' ? false : value))
  @IsBoolean({ message: 'DEMO_SIGN_IN must be true or false' })
  DEMO_SIGN_IN = false;

  /** The largest upload the portal reads before passing it to a service (which applies its own limit too). */
  @Type(() => Number)
  @IsInt({ message: 'DOCUMENT_MAX_BYTES must be a whole number of bytes' })
  @Min(1)
  @Max(1024 * 1024 * 1024)
  DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;

  /** A session unused for this long is ended: the person signs in again. */
  @Type(() => Number)
  @IsInt({ message: 'SESSION_IDLE_MINUTES must be a whole number of minutes (1 to 1440)' })
  @Min(1, { message: 'SESSION_IDLE_MINUTES must be a whole number of minutes (1 to 1440)' })
  @Max(1440, { message: 'SESSION_IDLE_MINUTES must be a whole number of minutes (1 to 1440)' })
  SESSION_IDLE_MINUTES = 30;

  /** A session ends this long after signing in, however busy. */
  @Type(() => Number)
  @IsInt({ message: 'SESSION_MAX_HOURS must be a whole number of hours (1 to 168)' })
  @Min(1, { message: 'SESSION_MAX_HOURS must be a whole number of hours (1 to 168)' })
  @Max(168, { message: 'SESSION_MAX_HOURS must be a whole number of hours (1 to 168)' })
  SESSION_MAX_HOURS = 8;

  /** Sign-in attempts (demo form posts, identity-provider callbacks) one IP may make in a sign-in window. */
  @Type(() => Number)
  @IsInt({ message: 'RATE_LIMIT_SIGN_IN_PER_IP must be a whole number, at least 1' })
  @Min(1, { message: 'RATE_LIMIT_SIGN_IN_PER_IP must be a whole number, at least 1' })
  RATE_LIMIT_SIGN_IN_PER_IP = 10;

  /** The window of RATE_LIMIT_SIGN_IN_PER_IP and RATE_LIMIT_INVITATIONS_PER_IP. */
  @Type(() => Number)
  @IsInt({ message: 'RATE_LIMIT_SIGN_IN_WINDOW_SECONDS must be a whole number of seconds (1 to 86400)' })
  @Min(1)
  @Max(86400)
  RATE_LIMIT_SIGN_IN_WINDOW_SECONDS = 60;

  /** Failed sign-ins for one account (email or demo user) after which its sign-in is refused until the window ends. */
  @Type(() => Number)
  @IsInt({ message: 'RATE_LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT must be a whole number, at least 1' })
  @Min(1, { message: 'RATE_LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT must be a whole number, at least 1' })
  RATE_LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT = 5;

  /** The window of RATE_LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT, from an account's first failure. */
  @Type(() => Number)
  @IsInt({ message: 'RATE_LIMIT_SIGN_IN_FAILURES_WINDOW_SECONDS must be a whole number of seconds (1 to 86400)' })
  @Min(1)
  @Max(86400)
  RATE_LIMIT_SIGN_IN_FAILURES_WINDOW_SECONDS = 900;

  /** Invitation links (`/invitations/accept...`) one IP may open in a sign-in window. */
  @Type(() => Number)
  @IsInt({ message: 'RATE_LIMIT_INVITATIONS_PER_IP must be a whole number, at least 1' })
  @Min(1, { message: 'RATE_LIMIT_INVITATIONS_PER_IP must be a whole number, at least 1' })
  RATE_LIMIT_INVITATIONS_PER_IP = 10;

  /** Security events older than this are deleted. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  SECURITY_EVENTS_RETENTION_DAYS = 400;

  /** OpenID Connect provider (e.g. GOV.UK One Login); unset, the portal has no real sign-in. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['https', 'http'] }, { message: 'OIDC_ISSUER must be an http(s) URL' })
  OIDC_ISSUER?: string;

  @IsOptional()
  @IsString()
  OIDC_CLIENT_ID?: string;

  @IsOptional()
  @IsString()
  OIDC_CLIENT_SECRET?: string;

  /**
   * The portal's private key (PEM: EC P-256 or RSA) for `private_key_jwt` client authentication, as
   * GOV.UK One Login requires; its public key is registered with the provider. Use it or
   * OIDC_CLIENT_SECRET, not both.
   */
  @IsOptional()
  @Matches(/-----BEGIN (EC |RSA )?PRIVATE KEY-----/, { message: 'OIDC_CLIENT_PRIVATE_KEY must be a PEM private key' })
  OIDC_CLIENT_PRIVATE_KEY?: string;

  /** The key id registered with the provider for OIDC_CLIENT_PRIVATE_KEY, sent as the assertion's `kid`. */
  @IsOptional()
  @IsString()
  OIDC_CLIENT_KEY_ID?: string;

  /**
   * Where the provider sends people back: this portal's `/sign-in/callback` as registered with the
   * provider. Configured, never taken from the request's Host header, which a client can forge.
   */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['https', 'http'] }, { message: 'OIDC_REDIRECT_URI must be an http(s) URL' })
  OIDC_REDIRECT_URI?: string;

  /** Where the provider sends people after signing them out too; unset, this portal's signed-out page. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['https', 'http'] }, { message: 'OIDC_POST_LOGOUT_REDIRECT_URI must be an http(s) URL' })
  OIDC_POST_LOGOUT_REDIRECT_URI?: string;

  /** What the portal asks the provider for: `openid` and `email` at least (GOV.UK One Login: `openid email`). */
  @Matches(/^(?=.*(^| )openid( |$))(?=.*(^| )email( |$))[\w.:-]+( [\w.:-]+)*$/, { message: 'OIDC_SCOPES must be space-separated scopes including openid and email' })
  OIDC_SCOPES = 'openid email profile';

  @IsIn(['debug', 'info', 'warn', 'error', 'silent'])
  LOG_LEVEL = 'info';

  /** Where people reach the portal (https in production): invitation links are built from it, never from a request's Host header. */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'PORTAL_PUBLIC_URL must be an http(s) URL' })
  PORTAL_PUBLIC_URL = 'http://127.0.0.1:3000';

  /** An invitation link works once, for this many days. */
  @Type(() => Number)
  @IsInt({ message: 'INVITATION_DAYS must be a whole number of days (1 to 30)' })
  @Min(1, { message: 'INVITATION_DAYS must be a whole number of days (1 to 30)' })
  @Max(30, { message: 'INVITATION_DAYS must be a whole number of days (1 to 30)' })
  INVITATION_DAYS = 7;

  // Kafka (KafkaClientConfig): the portal publishes the user directory's events; it consumes none.
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(60000)
  OUTBOX_POLL_MS = 250;

  /** An outbox relay that has failed to publish for this long is reported not ready. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3600)
  OUTBOX_STALL_SECONDS = 60;

  /** OTLP/HTTP collector for traces (they go to `<url>/v1/traces`); unset, tracing is off. Tracing reads it at start, before anything else. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL' })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  get oidcEnabled(): boolean {
    return Boolean(this.OIDC_ISSUER);
  }

  get oidcPostLogoutRedirectUri(): string | undefined {
    if (!this.OIDC_REDIRECT_URI) return undefined;
    return this.OIDC_POST_LOGOUT_REDIRECT_URI ?? new URL('/sign-in?ended=signed-out', this.OIDC_REDIRECT_URI).href;
  }

  get sessionLifetimes(): { idleMs: number; maxMs: number } {
    return { idleMs: this.SESSION_IDLE_MINUTES * 60_000, maxMs: this.SESSION_MAX_HOURS * 3_600_000 };
  }
}

/** Problems the per-field rules cannot see: development secrets or the demo sign-in in production. */
export function portalConfigProblems(config: PortalConfig): string[] {
  const problems: string[] = [];
  if (config.NODE_ENV === 'production' && config.SESSION_SECRET === DEV_SESSION_SECRET) {
    problems.push('SESSION_SECRET must be set in production (the development default is refused)');
  }
  if (config.NODE_ENV === 'production' && config.DEMO_SIGN_IN) {
    problems.push('DEMO_SIGN_IN must be false in production (the demo sign-in lets anyone choose who they are)');
  }
  if (config.AUTH_PREVIOUS_PUBLIC_KEYS.includes(`"${config.AUTH_SIGNING_KEY_ID}"`)) {
    try {
      if (parseKeySet(config.AUTH_PREVIOUS_PUBLIC_KEYS, 'AUTH_PREVIOUS_PUBLIC_KEYS').has(config.AUTH_SIGNING_KEY_ID)) {
        problems.push('AUTH_SIGNING_KEY_ID must differ from the kids of AUTH_PREVIOUS_PUBLIC_KEYS (give a new key a new kid)');
      }
    } catch {
      // A key set that does not parse is reported by loadConfig.
    }
  }
  if (config.OIDC_ISSUER && !config.OIDC_CLIENT_ID) problems.push('OIDC_CLIENT_ID is needed when OIDC_ISSUER is set');
  if (config.OIDC_ISSUER && !config.OIDC_CLIENT_SECRET && !config.OIDC_CLIENT_PRIVATE_KEY) {
    problems.push('OIDC_CLIENT_SECRET or OIDC_CLIENT_PRIVATE_KEY is needed when OIDC_ISSUER is set');
  }
  if (config.OIDC_CLIENT_SECRET && config.OIDC_CLIENT_PRIVATE_KEY) {
    problems.push('OIDC_CLIENT_SECRET and OIDC_CLIENT_PRIVATE_KEY are both set: set one (the provider expects one way for the portal to prove who it is)');
  }
  if (config.OIDC_CLIENT_PRIVATE_KEY) {
    try {
      const key = createPrivateKey(config.OIDC_CLIENT_PRIVATE_KEY);
      if (!(key.asymmetricKeyType === 'rsa' || (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1'))) {
        problems.push('OIDC_CLIENT_PRIVATE_KEY must be an EC P-256 or RSA private key');
      }
    } catch {
      problems.push('OIDC_CLIENT_PRIVATE_KEY is not a readable PEM private key');
    }
  }
  problems.push(...oidcAddressProblems(config));
  return problems;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The sign-in's addresses: a redirect URI to this portal's callback whenever there is a provider,
 * and in production every address over HTTPS (plain http only on this machine's loopback, for
 * trying a production build locally): codes and tokens must not cross the internet in the clear.
 */
function oidcAddressProblems(config: PortalConfig): string[] {
  if (!config.OIDC_ISSUER) return [];
  if (!config.OIDC_REDIRECT_URI) return ['OIDC_REDIRECT_URI is needed when OIDC_ISSUER is set (this portal\'s /sign-in/callback, as registered with the provider)'];
  const problems: string[] = [];
  if (new URL(config.OIDC_REDIRECT_URI).pathname !== '/sign-in/callback') {
    problems.push('OIDC_REDIRECT_URI must be this portal\'s /sign-in/callback, for example https://portal.example.gov.uk/sign-in/callback');
  }
  if (config.NODE_ENV === 'production') {
    const addresses = { OIDC_ISSUER: config.OIDC_ISSUER, OIDC_REDIRECT_URI: config.OIDC_REDIRECT_URI, OIDC_POST_LOGOUT_REDIRECT_URI: config.OIDC_POST_LOGOUT_REDIRECT_URI };
    for (const [name, value] of Object.entries(addresses)) {
      const url = value ? new URL(value) : undefined;
      if (url && url.protocol !== 'https:' && !LOOPBACK.has(url.hostname)) problems.push(`${name} must be an https URL in production`);
    }
  }
  return problems;
}
