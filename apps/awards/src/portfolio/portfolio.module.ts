import { Module } from '@nestjs/common';
import { PortfolioController } from './portfolio.controller';
import { PortfolioService } from './portfolio.service';

/** The portfolio dashboard: reads only, over the register of mutuals and awards' own tables. */
@Module({ controllers: [PortfolioController], providers: [PortfolioService] })
export class PortfolioModule {}
