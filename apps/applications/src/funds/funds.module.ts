import { Module } from '@nestjs/common';
import { FundCommitments } from './fund-commitments';
import { FundsController } from './funds.controller';
import { FundsService } from './funds.service';

@Module({ controllers: [FundsController], providers: [FundsService, FundCommitments], exports: [FundsService] })
export class FundsModule {}
