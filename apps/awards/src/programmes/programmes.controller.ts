import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@mutuals/auth';
import { PageQuery, UuidPipe } from '@mutuals/http';
import { ProgrammePage, ProgrammeTrackingView, RankingQueryDto, RankingView } from './tracking.dto';
import { TrackingService } from './tracking.service';

@ApiTags('tracking')
@ApiBearerAuth()
@Controller('programmes')
@Roles('programme_officer')
export class ProgrammesController {
  constructor(private readonly tracking: TrackingService) {}

  @Get()
  @ApiOperation({ summary: 'The bid programmes and funds: budget, committed, paid, remaining; a page at a time, by name then id' })
  @ApiOkResponse({ type: ProgrammePage })
  list(@Query() query: PageQuery): Promise<ProgrammePage> {
    return this.tracking.programmes(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A programme or fund: its figures, per round, and awards by sector, region and status' })
  @ApiOkResponse({ type: ProgrammeTrackingView })
  get(@Param('id', UuidPipe) id: string): Promise<ProgrammeTrackingView> {
    return this.tracking.programme(id);
  }

  @Get(':id/ranking')
  @ApiOperation({ summary: 'Scored cases by final score, with the funding line the remaining budget draws' })
  @ApiOkResponse({ type: RankingView })
  ranking(@Param('id', UuidPipe) id: string, @Query() query: RankingQueryDto): Promise<RankingView> {
    return this.tracking.ranking(id, query.roundId);
  }
}
