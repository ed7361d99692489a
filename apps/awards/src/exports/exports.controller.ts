import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { once } from 'node:events';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Roles } from '@mutuals/auth';
import { ExportRoute } from '@mutuals/security';
import { AwardsConfig } from '../config';
import { AwardRecord, csvHeaderLine, csvLine, grantOf, Package360, packageOf, Publisher } from './three-sixty-giving';

/** Awards made (accepted onwards) published as 360Giving open data. */
@ApiTags('exports')
@ApiBearerAuth()
@Controller('exports')
@Roles('programme_officer')
export class ExportsController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(AwardsConfig) private readonly config: AwardsConfig,
  ) {}

  @Get('360giving.json')
  @ExportRoute()
  @ApiOperation({ summary: 'Awards in the 360Giving Data Standard JSON format (a data package, schema 1.4)' })
  @ApiOkResponse({
    description: 'A 360Giving data package: `version`, `publisher` and `grants`, as the standard’s package schema describes',
    schema: {
      type: 'object',
      required: ['version', 'publisher', 'grants'],
      properties: {
        version: { type: 'string' },
        publisher: { type: 'object', additionalProperties: true },
        grants: { type: 'array', items: { type: 'object', additionalProperties: true } },
      },
    },
  })
  async json(): Promise<Package360> {
    const awards: AwardRecord[] = [];
    for await (const batch of this.awardBatches()) awards.push(...batch);
    return packageOf(awards, this.publisher());
  }

  @Get('360giving.csv')
  @ExportRoute()
  @ApiOperation({ summary: 'Awards in the 360Giving Data Standard CSV format (its column titles); every award, streamed in batches' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'One row per grant', schema: { type: 'string' } })
  async csv(@Res() res: Response): Promise<void> {
    const publisher = this.publisher();
    const send = async (chunk: string) => {
      if (!res.headersSent) {
        res.status(200).setHeader('Content-Type', 'text/csv; charset=utf-8');
        res.setHeader('Content-Disposition', 'attachment; filename="360giving-mutuals.csv"');
        chunk = csvHeaderLine() + chunk;
      }
      if (!res.write(chunk)) await once(res, 'drain');
    };
    try {
      for await (const batch of this.awardBatches()) await send(batch.map((award) => csvLine(grantOf(award, publisher))).join(''));
    } catch (err) {
      // Once rows are out the status cannot change; cut the download short so it is not taken as complete.
      if (res.headersSent) return void res.destroy(err as Error);
      throw err;
    }
    await send('');
    res.end();
  }

  private publisher(): Publisher {
    return {
      grantIdPrefix: this.config.GRANT_ID_PREFIX,
      fundingOrgIdentifier: this.config.FUNDING_ORG_IDENTIFIER,
      fundingOrgName: this.config.FUNDING_ORG_NAME,
      dataSource: this.config.GRANT_DATA_SOURCE_URL,
    };
  }

  /**
   * Awards made (accepted onwards, and withdrawn ones on which money was paid), oldest offer first then by id,
   * read in keyset batches so an export of any size holds one batch in memory at a time.
   */
  private async *awardBatches(): AsyncGenerator<AwardRecord[]> {
    let after: { at: string; id: string } | null = null;
    for (;;) {
      const rows: Record<string, any>[] = await this.dataSource.query(
        `select w.id, w.offered_at::text as offered_at_key, w.amount_pence, w.paid_pence, w.clawed_back_pence, w.recipient_org_identifier, w.responded_at,
           c.title, c.reference, c.organisation_name, c.organisation_code, c.authority_codes, c.region, c.amount_requested_pence,
           c.decision->>'decidedAt' as decided_at, p.id as programme_id, p.name as programme,
           (select min(m.due_on)::text from milestones m where m.award_id = w.id) as first_due_on,
           (select max(m.due_on)::text from milestones m where m.award_id = w.id) as last_due_on,
           greatest(w.offered_at, (select max(a.at) from audit_trail a where a.case_id = c.id)) as modified_at
         from awards w join cases c on c.id = w.case_id join programmes p on p.id = w.programme_id
         where (w.status in ('accepted', 'active', 'completed', 'clawed-back') or (w.status = 'withdrawn' and w.paid_pence > 0))
           and ($1::timestamptz is null or (w.offered_at, w.id) > ($1::timestamptz, $2::uuid))
         order by w.offered_at, w.id limit $3`,
        [after?.at ?? null, after?.id ?? null, EXPORT_BATCH],
      );
      if (rows.length > 0) yield rows.map(awardRecordOf);
      if (rows.length < EXPORT_BATCH) break;
      const last = rows[rows.length - 1];
      after = { at: last.offered_at_key, id: last.id };
    }
    yield* this.inKindBatches();
  }

  /** Support in kind, each package a grant of its value, oldest first then by id. */
  private async *inKindBatches(): AsyncGenerator<AwardRecord[]> {
    let after: { at: string; id: string } | null = null;
    for (;;) {
      const rows: Record<string, any>[] = await this.dataSource.query(
        `select p.id, p.awarded_at::text as awarded_at_key, p.value_pence as amount_pence, p.value_pence as amount_requested_pence, p.paid_pence, 0 as clawed_back_pence,
           coalesce((select d.recipient_org_identifier from due_diligence_checks d where d.case_id = c.id and d.passed order by d.checked_at desc limit 1), '') as recipient_org_identifier,
           null as responded_at, c.title, c.reference, c.organisation_name, c.organisation_code, c.authority_codes, c.region,
           c.decision->>'decidedAt' as decided_at, g.id as programme_id, g.name as programme,
           to_char(p.start_on, 'YYYY-MM-DD') as first_due_on, to_char(p.end_on, 'YYYY-MM-DD') as last_due_on,
           greatest(p.awarded_at, (select max(a.at) from audit_trail a where a.case_id = c.id)) as modified_at,
           s.name as supplier_name, (select array_agg(l.lot order by l.lot) from support_package_lots l where l.package_id = p.id) as lots
         from support_packages p join cases c on c.id = p.case_id join programmes g on g.id = p.programme_id join suppliers s on s.id = p.supplier_id
         where ($1::timestamptz is null or (p.awarded_at, p.id) > ($1::timestamptz, $2::uuid))
         order by p.awarded_at, p.id limit $3`,
        [after?.at ?? null, after?.id ?? null, EXPORT_BATCH],
      );
      if (rows.length > 0) yield rows.map((r) => ({ ...awardRecordOf(r), inKind: { supplierName: r.supplier_name, lots: r.lots } }));
      if (rows.length < EXPORT_BATCH) return;
      const last = rows[rows.length - 1];
      after = { at: last.awarded_at_key, id: last.id };
    }
  }
}

const EXPORT_BATCH = 500;

function awardRecordOf(r: Record<string, any>): AwardRecord {
  return {
    awardId: r.id,
    title: r.title,
    reference: r.reference,
    organisationName: r.organisation_name,
    organisationCode: r.organisation_code,
    programmeId: r.programme_id,
    programmeName: r.programme,
    amountRequestedPence: Number(r.amount_requested_pence),
    amountPence: Number(r.amount_pence),
    paidPence: Number(r.paid_pence),
    clawedBackPence: Number(r.clawed_back_pence),
    recipientOrgIdentifier: r.recipient_org_identifier,
    authorityCodes: r.authority_codes,
    region: r.region,
    decidedAt: r.decided_at,
    acceptedAt: r.responded_at ? new Date(r.responded_at).toISOString() : null,
    firstDueOn: r.first_due_on,
    lastDueOn: r.last_due_on,
    modifiedAt: new Date(r.modified_at).toISOString(),
  };
}
