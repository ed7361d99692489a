import { randomBytes } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { ConfigError, loadConfig } from '@mutuals/config';
import { MessagingStarter } from '@mutuals/messaging';
import { CorrelationMiddleware, createLogger, Logger, NestPinoLogger, requestLogging, runMain } from '@mutuals/observability';
import { AppModule } from './app.module';
import { PortalConfig, portalConfigProblems } from './config';
import { configureViews, GOVUK_DIST, PUBLIC_DIR } from './views';

export function loadPortalConfig(overrides: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = process.env): PortalConfig {
  const config = loadConfig(PortalConfig, overrides, env);
  const problems = portalConfigProblems(config);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Security headers: a content security policy that allows our own files and the one inline script, by nonce. */
function securityHeaders(config: PortalConfig) {
  return [
    (_req: Request, res: Response, next: NextFunction) => {
      res.locals.cspNonce = randomBytes(16).toString('base64');
      next();
    },
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          // Signing out redirects the sign-out form to the identity provider's sign-out page.
          formAction: ["'self'", ...(config.OIDC_ISSUER ? [new URL(config.OIDC_ISSUER).origin] : [])],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          // Only over HTTPS: locally the portal is plain http.
          upgradeInsecureRequests: config.NODE_ENV === 'production' ? [] : null,
        },
      },
      strictTransportSecurity: config.NODE_ENV === 'production',
    }),
  ];
}

/** The paths of the static files served below, logged at debug: a page brings several. */
const STATIC_FILES = /^\/(assets|govuk|public)\//;

export async function startPortal(config: PortalConfig, host = '0.0.0.0', logger: Logger = createLogger('portal', config.LOG_LEVEL)): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { logger: new NestPinoLogger(logger) });
  app.disable('x-powered-by');
  if (config.NODE_ENV === 'production') app.set('trust proxy', 1); // secure cookies behind the TLS-terminating proxy
  const correlation = new CorrelationMiddleware();
  app.use(correlation.use.bind(correlation));
  app.use(requestLogging(logger, STATIC_FILES));
  app.use(...securityHeaders(config));
  // Static files first: they need no session.
  app.useStaticAssets(`${GOVUK_DIST}/govuk/assets`, { prefix: '/assets', maxAge: '1d' });
  app.useStaticAssets(`${GOVUK_DIST}/govuk`, { prefix: '/govuk', maxAge: '1d', index: false });
  app.useStaticAssets(PUBLIC_DIR, { prefix: '/public', maxAge: '1h', index: false });
  app.use(cookieParser(config.SESSION_SECRET));
  configureViews(app.getHttpAdapter().getInstance(), config.NODE_ENV === 'development');
  app.enableShutdownHooks();
  await app.listen(config.PORT, host);
  // Creates the directory's topics in the background (retried while Kafka is away); the outbox waits for them.
  void app.get(MessagingStarter).start(app);
  return app;
}

export function runPortal(): Promise<void> {
  return runMain('portal', () => loadPortalConfig(), (config, logger) => startPortal(config, '0.0.0.0', logger));
}
