import { NotFoundException, ParseUUIDPipe } from '@nestjs/common';

/** A malformed id in a page address is a page that does not exist. */
export const PageId = new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException() });
