import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '@mutuals/auth';
import { UuidPipe } from '@mutuals/http';
import { DossierView } from './dossier.dto';
import { DossierService } from './dossier.service';

@ApiTags('assessment')
@ApiBearerAuth()
@Controller()
export class DossierController {
  constructor(private readonly dossiers: DossierService) {}

  @Get('assessor/cases/:caseId/dossier')
  @Roles('assessor')
  @ApiOperation({ summary: 'The application or bid as submitted (answers in order, profile, match funding, eligibility, attachments), while you are allocated and not conflicted' })
  @ApiOkResponse({ type: DossierView })
  forAssessor(@CurrentUser() user: AuthenticatedUser, @Param('caseId', UuidPipe) caseId: string): Promise<DossierView> {
    return this.dossiers.dossierFor(user, caseId, false);
  }

  @Get('cases/:caseId/dossier')
  @Roles('programme_officer')
  @ApiOperation({ summary: "A case's dossier: the application or bid as submitted" })
  @ApiOkResponse({ type: DossierView })
  forOfficer(@CurrentUser() user: AuthenticatedUser, @Param('caseId', UuidPipe) caseId: string): Promise<DossierView> {
    return this.dossiers.dossierFor(user, caseId, true);
  }
}
