import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PUBLIC_KEY, ROLES_KEY } from './decorators';
import { Role } from './roles';
import { KeysUnavailableError } from './keys';
import { InvalidTokenError, TokenSettings, verifyToken } from './tokens';

export const TOKEN_SETTINGS = Symbol('TOKEN_SETTINGS');

/**
 * Global guard: every HTTP endpoint not marked @Public needs a bearer token signed by a trusted key
 * for this service, and one of the roles the endpoint declares. An endpoint that declares no roles
 * is refused (fail closed).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_SETTINGS) private readonly settings: TokenSettings,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true; // Kafka handlers are not user requests
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest();
    const header: unknown = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new UnauthorizedException('Sign in: a bearer token is required');
    try {
      request.user = await verifyToken(match[1], this.settings);
    } catch (err) {
      if (err instanceof InvalidTokenError) throw new UnauthorizedException(`Sign in again: ${err.message}`);
      if (err instanceof KeysUnavailableError) throw new ServiceUnavailableException(`Cannot check the token now: ${err.message}`);
      throw err;
    }

    const allowed = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets);
    if (!allowed || allowed.length === 0) throw new ForbiddenException('This endpoint is not open to any role');
    if (!request.user.roles.some((r: Role) => allowed.includes(r))) {
      throw new ForbiddenException(`This needs one of the roles: ${allowed.join(', ')}`);
    }
    return true;
  }
}
