import { Module } from '@nestjs/common';
import { OfficerController } from './officer.controller';

@Module({ controllers: [OfficerController] })
export class OfficerModule {}
