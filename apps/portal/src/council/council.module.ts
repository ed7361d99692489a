import { Module } from '@nestjs/common';
import { CouncilController } from './council.controller';

@Module({ controllers: [CouncilController] })
export class CouncilModule {}
