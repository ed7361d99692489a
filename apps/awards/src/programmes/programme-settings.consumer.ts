import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BudgetOverCommitted, FundPublished, ProgrammePublished, RoundOpened } from '@mutuals/contracts';
import { EventOf, EventPublisher, OnEvent } from '@mutuals/messaging';
import { AssessmentSettings } from '../assessments/scoring';
import { AllocationService, lockAllocation } from '../assessors/allocation.service';
import { audit } from '../audit/audit-trail';

/**
 * Keeps a local copy of the budgets and assessment settings that intake (programmes, rounds)
 * and applications (funds) own; the newest revision wins, whatever order events arrive in.
 */
@Injectable()
export class ProgrammeSettingsConsumer {
  constructor(
    private readonly allocation: AllocationService,
    private readonly events: EventPublisher,
  ) {}

  @OnEvent(ProgrammePublished)
  async onProgrammePublished({ data }: EventOf<typeof ProgrammePublished>, m: EntityManager) {
    await this.upsertProgramme(m, data.programmeId, 'bid-programme', data.title, data.budgetPence, data.revision);
  }

  @OnEvent(RoundOpened)
  async onRoundOpened({ data }: EventOf<typeof RoundOpened>, m: EntityManager) {
    await m.query(`insert into programmes (id, kind, name) values ($1, 'bid-programme', $2) on conflict do nothing`, [data.programmeId, `Programme ${data.programmeId.slice(0, 8)} (settings awaited)`]);
    // A round opens once; its settings do not change afterwards, so it carries no revision.
    await this.upsertScheme(m, data.roundId, data.programmeId, data.name, data.maxAwardPence, data.assessment, 1);
  }

  @OnEvent(FundPublished)
  async onFundPublished({ data }: EventOf<typeof FundPublished>, m: EntityManager) {
    await this.upsertProgramme(m, data.fundId, 'fund', data.name, data.budgetPence, data.revision);
    await this.upsertScheme(m, data.fundId, data.fundId, data.name, data.capPerApplicationPence, data.assessment, data.revision);
  }

  /**
   * The owner refuses to lower a budget below what is committed, but it knows the commitment only as
   * of the last event it has had: an approval here can cross its change. The lower budget is then
   * kept (it is the owner's decision), commitments never grow past it (BudgetService.commit), and
   * officers are told the programme is over-committed rather than its remainder going negative.
   */
  private async upsertProgramme(m: EntityManager, id: string, kind: string, name: string, budgetPence: number, revision: number) {
    const updated = await m.query(
      `insert into programmes (id, kind, name, budget_pence, revision) values ($1, $2, $3, $4, $5)
       on conflict (id) do update set kind = excluded.kind, name = excluded.name, budget_pence = excluded.budget_pence,
         revision = excluded.revision, updated_at = now()
       where programmes.revision < excluded.revision
       returning name, budget_pence, committed_pence, revision`,
      [id, kind, name, budgetPence, revision],
    );
    const p = updated[0];
    if (!p || Number(p.committed_pence) <= Number(p.budget_pence)) return;
    const over = { budgetPence: Number(p.budget_pence), committedPence: Number(p.committed_pence), overCommittedPence: Number(p.committed_pence) - Number(p.budget_pence) };
    await this.events.publish(m, BudgetOverCommitted, id, { programmeId: id, programmeName: p.name, ...over, budgetRevision: p.revision, detectedAt: new Date().toISOString() });
    await audit(m, { subjectType: 'programme', subjectId: id, action: 'over-committed', actor: 'system', details: { ...over, revision: p.revision } });
  }

  private async upsertScheme(m: EntityManager, id: string, programmeId: string, name: string, maxAwardPence: number, assessment: AssessmentSettings, revision: number) {
    const settings = JSON.stringify({
      criteria: assessment.criteria.map(({ id: cid, name: cname, weight }) => ({ id: cid, name: cname, weight })),
      scaleMax: assessment.scaleMax,
      assessorsPerCase: assessment.assessorsPerCase,
      moderationThreshold: assessment.moderationThreshold,
    });
    const updated = await m.query(
      `insert into schemes (id, programme_id, name, max_award_pence, assessment, revision) values ($1, $2, $3, $4, $5, $6)
       on conflict (id) do update set name = excluded.name, max_award_pence = excluded.max_award_pence,
         assessment = excluded.assessment, revision = excluded.revision
       where schemes.revision < excluded.revision or schemes.assessment is null
       returning id`,
      [id, programmeId, name, maxAwardPence, settings, revision],
    );
    if (updated.length === 0) return;
    await lockAllocation(m);
    // Cases opened before these settings (with the defaults or an older revision) take them while
    // nobody has scored: new criteria, and as many assessors as the settings now ask for. A case
    // opening at this moment waits for this row (CaseIntakeService.open reads it `for share`), so it
    // either sees the new settings or is here to be updated.
    const [filled] = await m.query(
      `update cases set assessment = $1, updated_at = now()
       where scheme_id = $2 and status in ('awaiting-allocation', 'in-assessment') and assessment is distinct from $1::jsonb
         and not exists (select 1 from assessments a where a.case_id = cases.id)
       returning id`,
      [settings, id],
    );
    for (const { id: caseId } of filled) {
      await this.allocation.releaseSurplus(m, caseId);
      await this.allocation.allocate(m, caseId, 'system');
    }
  }
}
