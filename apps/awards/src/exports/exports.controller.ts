import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Roles } from '@mutuals/auth';
import { AwardsConfig } from '../config';
import { Grant360, poundsOf, toCsv } from './three-sixty-giving';

/** Awards made (accepted onwards) published as 360Giving open data. */
@ApiTags('exports')
@ApiBearerAuth()
@Controller('exports')
@Roles('programme_officer', 'admin')
export class ExportsController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(AwardsConfig) private readonly config: AwardsConfig,
  ) {}

  @Get('360giving.json')
  @ApiOperation({ summary: 'Awards in the 360Giving Data Standard JSON format' })
  @ApiOkResponse({
    description: 'The grants, each as the 360Giving Data Standard’s JSON schema describes',
    schema: { type: 'object', required: ['grants'], properties: { grants: { type: 'array', items: { type: 'object', additionalProperties: true } } } },
  })
  async json(): Promise<{ grants: Grant360[] }> {
    return { grants: await this.grants() };
  }

  @Get('360giving.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="360giving-mutuals.csv"')
  @ApiOperation({ summary: 'Awards in the 360Giving Data Standard CSV format (its column titles)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'One row per grant', schema: { type: 'string' } })
  async csv(): Promise<string> {
    return toCsv(await this.grants());
  }

  private async grants(): Promise<Grant360[]> {
    const rows = await this.dataSource.query(
      `select w.id, w.amount_pence, w.paid_pence, w.clawed_back_pence, w.recipient_org_identifier, c.title, c.organisation_name, c.region,
         c.amount_requested_pence, c.reference, c.decision->>'decidedAt' as decided_at, p.name as programme
       from awards w join cases c on c.id = w.case_id join programmes p on p.id = w.programme_id
       where w.status in ('accepted', 'active', 'completed', 'clawed-back') or (w.status = 'withdrawn' and w.paid_pence > 0) order by w.offered_at`,
    );
    return rows.map((r: Record<string, any>) => ({
      id: `${this.config.GRANT_ID_PREFIX}${r.id}`,
      title: r.title,
      description: `${r.title} (${r.reference}): support for ${r.organisation_name} from the ${r.programme}`,
      currency: 'GBP',
      amountAppliedFor: poundsOf(Number(r.amount_requested_pence)),
      amountAwarded: poundsOf(Number(r.amount_pence)),
      amountDisbursed: poundsOf(Number(r.paid_pence) - Number(r.clawed_back_pence)),
      awardDate: String(r.decided_at).slice(0, 10),
      recipientOrganization: [{ id: r.recipient_org_identifier, name: r.organisation_name }],
      fundingOrganization: [{ id: this.config.FUNDING_ORG_IDENTIFIER, name: this.config.FUNDING_ORG_NAME }],
      grantProgramme: [{ title: r.programme }],
      beneficiaryLocation: r.region ? [{ name: r.region }] : [],
    }));
  }
}
