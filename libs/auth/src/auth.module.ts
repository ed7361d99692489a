import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard, TOKEN_SETTINGS } from './auth.guard';
import { parseKeySet, PublicKeys } from './keys';
import { TokenSettings } from './tokens';

/** How a service checks tokens, as its settings give it (ServiceConfig.tokenVerification). */
export interface TokenVerificationOptions {
  issuer: string;
  audience: string;
  maxAgeSeconds: number;
  clockToleranceSeconds: number;
  /** A JSON Web Key Set of trusted public keys; may be empty when jwksUrl is given. */
  publicKeys: string;
  jwksUrl: string;
  jwksRefreshSeconds: number;
}

export function tokenSettingsFrom(options: TokenVerificationOptions): TokenSettings {
  const keys = new PublicKeys({
    keys: options.publicKeys ? parseKeySet(options.publicKeys) : undefined,
    jwksUrl: options.jwksUrl || undefined,
    refreshSeconds: options.jwksRefreshSeconds,
  });
  const { issuer, audience, maxAgeSeconds, clockToleranceSeconds } = options;
  return { issuer, audience, maxAgeSeconds, clockToleranceSeconds, keys };
}

@Global()
@Module({})
export class AuthModule {
  static forRoot(options: TokenVerificationOptions): DynamicModule {
    return {
      module: AuthModule,
      providers: [{ provide: TOKEN_SETTINGS, useFactory: () => tokenSettingsFrom(options) }, { provide: APP_GUARD, useClass: AuthGuard }],
      exports: [TOKEN_SETTINGS],
    };
  }
}
