import { Module } from '@nestjs/common';
import { PortalConfig } from '../config';
import { OidcSignIn } from './oidc-sign-in';
import { SignInController } from './sign-in.controller';

@Module({
  controllers: [SignInController],
  providers: [{ provide: OidcSignIn, useFactory: (config: PortalConfig) => new OidcSignIn(config), inject: [PortalConfig] }],
})
export class SignInModule {}
