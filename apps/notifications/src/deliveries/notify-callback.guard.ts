import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { NotificationsConfig } from '../config';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** GOV.UK Notify's callbacks carry the bearer token we gave it; compared in constant time. */
@Injectable()
export class NotifyCallbackGuard implements CanActivate {
  constructor(private readonly config: NotificationsConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const expected = this.config.NOTIFY_CALLBACK_TOKEN;
    const header: unknown = context.switchToHttp().getRequest().headers.authorization;
    const presented = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
    // Hashing first makes both sides the same length, so the comparison leaks nothing about the token.
    if (!expected || !presented || !timingSafeEqual(digest(presented), digest(expected))) {
      throw new UnauthorizedException('The callback token is missing or wrong');
    }
    return true;
  }
}
