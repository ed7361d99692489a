import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CaseAssessmentOverdue } from '@mutuals/contracts';
import { EventPublisher } from '@mutuals/messaging';
import { audit } from '../audit/audit-trail';
import { caseOf, caseRef } from '../cases/case';
import { OfficerAlertsView } from './officer-alerts';

/** Items shown on the dashboard per list; the totals count them all. */
const SHOWN = 20;

/**
 * Tells officers what needs them: overdue assessments (found here, each once), allocations blocked by
 * conflicts or capacity and reconsiderations waiting (announced when they happen).
 */
@Injectable()
export class OfficerAlertsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventPublisher,
  ) {}

  /**
   * Marks allocations past their due date and announces each, once: the update only matches
   * allocations not yet marked, and rows are claimed with skip locked, so replicas share the work.
   */
  async announceOverdue(batch = 50): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const [marked]: [Record<string, any>[], number] = await m.query(
        `update allocations x set overdue_alerted_at = now()
         from (select y.case_id, y.assessor_id from allocations y join cases c on c.id = y.case_id
               where y.status = 'allocated' and y.overdue_alerted_at is null and y.due_at <= now() and c.status in ('awaiting-allocation', 'in-assessment')
               order by y.due_at limit $1 for update of y skip locked) due
         where x.case_id = due.case_id and x.assessor_id = due.assessor_id
         returning x.case_id, x.assessor_id, x.due_at, x.overdue_alerted_at`,
        [batch],
      );
      for (const row of marked) {
        const [[c], [assessor]] = await Promise.all([m.query('select * from cases where id = $1', [row.case_id]), m.query('select name from assessors where id = $1', [row.assessor_id])]);
        const dueAt = new Date(row.due_at).toISOString();
        await this.events.publish(m, CaseAssessmentOverdue, row.case_id, {
          ...caseRef(caseOf(c)),
          assessorId: row.assessor_id,
          assessorName: assessor.name,
          dueAt,
          detectedAt: new Date(row.overdue_alerted_at).toISOString(),
        });
        await audit(m, { subjectType: 'case', subjectId: row.case_id, caseId: row.case_id, action: 'assessment-overdue', actor: 'system', details: { assessorId: row.assessor_id, dueAt } });
      }
      return marked.length;
    });
  }

  async dashboard(): Promise<OfficerAlertsView> {
    const q = (sql: string) => this.dataSource.query(sql, [SHOWN]);
    const [overdue, blocked, waiting, [totals]] = await Promise.all([
      q(`select x.case_id, c.reference, x.assessor_id, a.name, x.due_at from allocations x join cases c on c.id = x.case_id join assessors a on a.id = x.assessor_id
         where x.status = 'allocated' and x.due_at <= now() and c.status in ('awaiting-allocation', 'in-assessment') order by x.due_at, x.case_id, x.assessor_id limit $1`),
      q(`select id, reference, blocked_reason from cases where status = 'awaiting-allocation' and blocked_reason is not null order by updated_at, id limit $1`),
      q(`select r.id, r.case_id, c.reference, r.requested_at from reconsiderations r join cases c on c.id = r.case_id where r.status = 'requested' order by r.requested_at, r.id limit $1`),
      this.dataSource.query(`select
         (select count(*)::int from allocations x join cases c on c.id = x.case_id where x.status = 'allocated' and x.due_at <= now() and c.status in ('awaiting-allocation', 'in-assessment')) as overdue,
         (select count(*)::int from cases where status = 'awaiting-allocation' and blocked_reason is not null) as blocked,
         (select count(*)::int from reconsiderations where status = 'requested') as waiting`),
    ]);
    return {
      overdueAssessments: overdue.map((r: Record<string, any>) => ({ caseId: r.case_id, reference: r.reference, assessorId: r.assessor_id, assessorName: r.name, dueAt: new Date(r.due_at).toISOString() })),
      overdueAssessmentsTotal: totals.overdue,
      blockedAllocations: blocked.map((r: Record<string, any>) => ({ caseId: r.id, reference: r.reference, reason: r.blocked_reason })),
      blockedAllocationsTotal: totals.blocked,
      waitingReconsiderations: waiting.map((r: Record<string, any>) => ({ id: r.id, caseId: r.case_id, reference: r.reference, requestedAt: new Date(r.requested_at).toISOString() })),
      waitingReconsiderationsTotal: totals.waiting,
    };
  }
}
