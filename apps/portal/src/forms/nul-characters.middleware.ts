import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { fieldsWithNul, nulCharacterRefusal } from '@mutuals/http';

/**
 * Refuses a form or query holding a NUL character (a crafted post; no browser sends one) with a 400
 * page naming the field, before the sign-in limits or a page store it in the portal's database,
 * which cannot. The services refuse one in what the portal passes on likewise.
 */
@Injectable()
export class NulCharactersMiddleware implements NestMiddleware {
  use(req: Request, _res: Response, next: NextFunction): void {
    next(nulCharacterRefusal([...fieldsWithNul(req.body), ...fieldsWithNul(req.query)]));
  }
}
