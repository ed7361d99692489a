import { Module } from '@nestjs/common';
import { DirectoryService } from './directory.service';
import { InvitationsController } from './invitations.controller';
import { UsersController } from './users.controller';

/** The user directory (apps/portal/src/directory): the service sign-in uses, the admin pages, the invitation landing page. */
@Module({
  controllers: [UsersController, InvitationsController],
  providers: [DirectoryService],
  exports: [DirectoryService],
})
export class DirectoryModule {}
