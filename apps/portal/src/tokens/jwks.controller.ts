import { Controller, Get, Header } from '@nestjs/common';
import { PublicPage } from '../auth/page-access';
import { ServiceTokens } from './service-tokens';

/**
 * The public keys the services check the portal's tokens with (AUTH_JWKS_URL): the current signing
 * key and the earlier ones still in rotation. Public by nature; cached briefly so a new key is seen soon.
 */
@Controller('.well-known')
@PublicPage()
export class JwksController {
  constructor(private readonly tokens: ServiceTokens) {}

  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=60')
  keys() {
    return this.tokens.keySet;
  }
}
