import { Module } from '@nestjs/common';
import { AssessorController } from './assessor.controller';

@Module({ controllers: [AssessorController] })
export class AssessorModule {}
