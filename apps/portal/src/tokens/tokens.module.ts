import { Module } from '@nestjs/common';
import { JwksController } from './jwks.controller';

/** Publishes the token signing keys; ServiceTokens itself is provided by the AppModule (the Apis use it). */
@Module({ controllers: [JwksController] })
export class TokensModule {}
