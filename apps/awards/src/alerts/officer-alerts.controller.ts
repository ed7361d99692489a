import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@mutuals/auth';
import { OfficerAlertsView } from './officer-alerts';
import { OfficerAlertsService } from './officer-alerts.service';

@ApiTags('officer-alerts')
@ApiBearerAuth()
@Controller('officer-alerts')
@Roles('programme_officer')
export class OfficerAlertsController {
  constructor(private readonly alerts: OfficerAlertsService) {}

  @Get()
  @ApiOperation({ summary: 'What needs an officer: overdue assessments, allocations blocked by conflicts or capacity, reconsiderations waiting' })
  @ApiOkResponse({ type: OfficerAlertsView })
  get(): Promise<OfficerAlertsView> {
    return this.alerts.dashboard();
  }
}
