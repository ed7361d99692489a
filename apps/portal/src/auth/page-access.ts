import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { Persona, personasOf } from './personas';

const PERSONAS_KEY = 'portal:personas';
const PUBLIC_KEY = 'portal:public';

/** Which signed-in users a page is for. Every page declares it or is a PublicPage. */
export const PageFor = (...personas: Persona[]) => SetMetadata(PERSONAS_KEY, personas);
export const PublicPage = () => SetMetadata(PUBLIC_KEY, true);

/** Not signed in: the filter sends the visitor to the sign-in page and back afterwards. */
export class SignInRequired extends Error {
  constructor(readonly returnTo: string) {
    super('Sign in to see this page');
  }
}

/** Signed in, but the page is for someone else: the filter shows the refusal page. */
export class PageForbidden extends Error {
  constructor(readonly personas: Persona[]) {
    super('This page is not for your account');
  }
}

@Injectable()
export class PageAccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const user = request.session?.data.user;
    if (!user) throw new SignInRequired(request.method === 'GET' ? request.originalUrl : '/');
    const personas = this.reflector.getAllAndOverride<Persona[]>(PERSONAS_KEY, targets) ?? [];
    if (!personasOf(user).some((p) => personas.includes(p))) throw new PageForbidden(personas);
    return true;
  }
}
