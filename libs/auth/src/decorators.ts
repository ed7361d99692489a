import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { AuthenticatedUser, Role } from './roles';

export const ROLES_KEY = 'mutuals:roles';
export const PUBLIC_KEY = 'mutuals:public';

/** Who may call this endpoint. Every endpoint declares it (or is @Public); the guard refuses the rest. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** No token needed: health checks, documentation, provider callbacks with their own check. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthenticatedUser => {
  return ctx.switchToHttp().getRequest().user;
});
