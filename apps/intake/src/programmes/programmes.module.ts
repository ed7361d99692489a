import { Module } from '@nestjs/common';
import { ProgrammeCommitments } from './programme-commitments';
import { ProgrammesController } from './programmes.controller';
import { ProgrammesService } from './programmes.service';

@Module({ controllers: [ProgrammesController], providers: [ProgrammesService, ProgrammeCommitments], exports: [ProgrammesService] })
export class ProgrammesModule {}
