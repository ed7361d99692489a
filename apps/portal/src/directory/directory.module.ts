import { Module } from '@nestjs/common';
import { DirectoryService } from './directory.service';

/** The user directory (apps/portal/src/directory): the service sign-in and the admin pages use. */
@Module({
  providers: [DirectoryService],
  exports: [DirectoryService],
})
export class DirectoryModule {}
