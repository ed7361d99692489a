import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '@mutuals/auth';
import { RequestValidationError } from '@mutuals/http';
import { ExportRoute } from '@mutuals/security';
import { periodProblem } from './portfolio';
import { csvText, PORTFOLIO_TABLES } from './portfolio-csv';
import { PortfolioDashboardView, PortfolioQuery } from './portfolio.dto';
import { PortfolioService } from './portfolio.service';

function checkedPeriod(query: PortfolioQuery): PortfolioQuery {
  const problem = periodProblem(query);
  if (problem) throw new RequestValidationError([{ field: 'to', problems: [problem] }]);
  return query;
}

/** The programme's portfolio for programme officers: what the register and the awards add up to. */
@ApiTags('portfolio')
@ApiBearerAuth()
@Controller('portfolio')
@Roles('programme_officer')
export class PortfolioController {
  constructor(private readonly portfolio: PortfolioService) {}

  @Get('dashboard')
  @ApiOperation({
    summary:
      'Mutuals launched, their staff and public spending against the 1,000 target; launches by quarter; by commissioning body kind, sector and region; the pipeline by journey stage; support per mutual (paged); a bid programme’s bids by outcome',
  })
  @ApiOkResponse({ type: PortfolioDashboardView })
  dashboard(@Query() query: PortfolioQuery): Promise<PortfolioDashboardView> {
    return this.portfolio.dashboard(checkedPeriod(query));
  }

  @Get('dashboard/:table.csv')
  @ExportRoute()
  @ApiOperation({ summary: "One of the dashboard's tables as CSV, with the same filters; support lists every mutual (no paging)" })
  @ApiParam({ name: 'table', enum: PORTFOLIO_TABLES })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'RFC 4180 CSV with a header row, UTF-8 with a byte-order mark; money in pence and in pounds', schema: { type: 'string' } })
  async csv(@Param('table') table: string, @Query() query: PortfolioQuery, @Res() res: Response): Promise<void> {
    const csv = csvText(await this.portfolio.table(table, checkedPeriod(query)));
    res.status(200).setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="portfolio-${table}.csv"`);
    res.send(csv);
  }
}
