import { Module } from '@nestjs/common';
import { CouncilController } from './council.controller';
import { InvitationsController } from './invitations.controller';

@Module({ controllers: [CouncilController, InvitationsController] })
export class CouncilModule {}
