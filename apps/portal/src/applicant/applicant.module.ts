import { Module } from '@nestjs/common';
import { ApplicantAwardController } from './applicant-award.controller';
import { ApplicantController } from './applicant.controller';

@Module({ controllers: [ApplicantController, ApplicantAwardController] })
export class ApplicantModule {}
