import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard, TOKEN_SETTINGS } from './auth.guard';
import { TokenSettings } from './tokens';

@Global()
@Module({})
export class AuthModule {
  static forRoot(settings: TokenSettings): DynamicModule {
    return {
      module: AuthModule,
      providers: [{ provide: TOKEN_SETTINGS, useValue: settings }, { provide: APP_GUARD, useClass: AuthGuard }],
      exports: [TOKEN_SETTINGS],
    };
  }
}
