import { HttpException, HttpStatus } from '@nestjs/common';

/** A limit was reached: a 429 whose `Retry-After` header says, in seconds, when to try again. */
export class TooManyRequests extends HttpException {
  constructor(
    readonly retryAfterSeconds: number,
    readonly limit: string,
    what = 'requests',
  ) {
    super(`Too many ${what}: try again in ${retryAfterSeconds} ${retryAfterSeconds === 1 ? 'second' : 'seconds'}`, HttpStatus.TOO_MANY_REQUESTS);
  }
}
