import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuthenticatedUser, hasRole } from '@mutuals/auth';
import {
  AwardConditionEvidenceSubmitted,
  AwardConditionResolved,
  AwardMonitoringReturnReminded,
  AwardMonitoringReturnReviewed,
  AwardMonitoringReturnSubmitted,
  AwardMonitoringScheduled,
  AwardRef,
  MonitoringPeriod,
} from '@mutuals/contracts';
import { DomainError } from '@mutuals/domain';
import { offsetOf, Page, PageQuery } from '@mutuals/http';
import { EventPublisher } from '@mutuals/messaging';
import { audit } from '../audit/audit-trail';
import { awardFor } from '../awards/award-access';
import { Case, caseRef, loadCase } from '../cases/case';
import { AwardsConfig } from '../config';
import { MutualsService } from '../mutuals/mutuals.service';
import { conditionsOf } from './award-conditions';
import { EvidenceDto, MonitoringReturnDto, MonitoringReturnView, MonitoringScheduleDto, MonitoringView, OverdueReturnView, ReviewDto, WaiveDto } from './monitoring.dto';
import { monitoringPeriods } from './monitoring-schedule';

interface OpenAward {
  id: string;
  amount_pence: string;
  status: string;
  responded_at: Date | null;
  monitoring_interval_months: number | null;
}

const MONITORED_STATUSES = ['accepted', 'active', 'completed'];
const date = (d: Date) => d.toISOString().slice(0, 10);
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** After the award: its conditions evidenced and accepted, and the mutual's monitoring returns, scheduled, submitted, reviewed and chased. */
@Injectable()
export class MonitoringService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventPublisher,
    private readonly mutuals: MutualsService,
    @Inject(AwardsConfig) private readonly config: AwardsConfig,
  ) {}

  async view(user: AuthenticatedUser, awardId: string): Promise<MonitoringView> {
    const { award } = await this.open(this.dataSource.manager, user, awardId, false);
    const rows = await this.dataSource.query(
      `select *, to_char(period_start, 'YYYY-MM-DD') as ps, to_char(period_end, 'YYYY-MM-DD') as pe, to_char(due_on, 'YYYY-MM-DD') as due,
         status in ('due', 'returned') and due_on < current_date as is_overdue
       from monitoring_returns where award_id = $1 order by period`,
      [awardId],
    );
    return {
      awardId,
      intervalMonths: award.monitoring_interval_months ?? this.config.MONITORING_INTERVAL_MONTHS,
      conditions: await conditionsOf(this.dataSource.manager, awardId, !hasRole(user, 'programme_officer')),
      returns: rows.map(returnView),
    };
  }

  /** Evidence that a condition is met, from the mutual or an officer; the officer then accepts it. */
  async submitEvidence(user: AuthenticatedUser, awardId: string, conditionId: string, input: EvidenceDto): Promise<MonitoringView> {
    if (!input.note && !input.documentIds?.length) throw new DomainError('unprocessable', 'evidence-empty', 'Give a note, documents, or both as evidence');
    await this.dataSource.transaction(async (m) => {
      const { award, c } = await this.open(m, user, awardId, true);
      const condition = await this.condition(m, awardId, conditionId);
      if (condition.status === 'met' || condition.status === 'waived') throw new DomainError('conflict', 'condition-resolved', `This condition is already ${condition.status}`);
      const documentIds = [...new Set(input.documentIds ?? [])];
      const known = await m.query('select id from case_documents where case_id = $1 and id = any($2::uuid[])', [c.id, documentIds]);
      const unknown = documentIds.filter((id) => !known.some((k: { id: string }) => k.id === id));
      if (unknown.length > 0) throw new DomainError('unprocessable', 'unknown-document', `Not a document on this award's case: ${unknown.join(', ')}`, { documentIds: unknown });
      const at = new Date();
      await m.query(
        `update award_conditions set status = 'evidence-submitted', evidence_note = $2, evidence_document_ids = $3, evidence_submitted_by = $4, evidence_submitted_at = $5 where id = $1`,
        [conditionId, input.note ?? null, documentIds, user.id, at],
      );
      await this.events.publish(m, AwardConditionEvidenceSubmitted, awardId, {
        ...this.ref(c, award),
        conditionId,
        condition: condition.text,
        documentIds,
        ...(input.note ? { note: input.note } : {}),
        submittedBy: user.id,
        submittedAt: at.toISOString(),
      });
      await audit(m, { subjectType: 'award', subjectId: awardId, caseId: c.id, action: 'condition-evidence-submitted', actor: user.id, details: { conditionId, documentIds, note: input.note ?? null } });
    });
    return this.view(user, awardId);
  }

  /** The officer accepts the evidence (met) or waives the condition with a reason; payments waiting for it may then be made. */
  async resolve(officer: AuthenticatedUser, awardId: string, conditionId: string, outcome: 'met' | 'waived', waive?: WaiveDto): Promise<MonitoringView> {
    await this.dataSource.transaction(async (m) => {
      const { award, c } = await this.open(m, officer, awardId, true);
      const condition = await this.condition(m, awardId, conditionId);
      if (condition.status === 'met' || condition.status === 'waived') throw new DomainError('conflict', 'condition-resolved', `This condition is already ${condition.status}`);
      if (outcome === 'met' && condition.status !== 'evidence-submitted') throw new DomainError('conflict', 'no-evidence', 'No evidence has been submitted for this condition; submit it first, or waive the condition with a reason');
      const at = new Date();
      await m.query('update award_conditions set status = $2, decided_by = $3, decided_at = $4, waived_reason = $5 where id = $1', [conditionId, outcome, officer.id, at, waive?.reason ?? null]);
      await this.events.publish(m, AwardConditionResolved, awardId, {
        ...this.ref(c, award),
        conditionId,
        condition: condition.text,
        outcome,
        ...(waive ? { reason: waive.reason } : {}),
        decidedBy: officer.id,
        decidedAt: at.toISOString(),
      });
      await audit(m, { subjectType: 'award', subjectId: awardId, caseId: c.id, action: outcome === 'met' ? 'condition-met' : 'condition-waived', actor: officer.id, details: { conditionId, ...(waive ? { reason: waive.reason } : {}) } });
    });
    return this.view(officer, awardId);
  }

  /** An officer sets the award's interval and returns; returns not yet submitted are replaced. */
  async reschedule(officer: AuthenticatedUser, awardId: string, input: MonitoringScheduleDto): Promise<MonitoringView> {
    await this.dataSource.transaction(async (m) => {
      const { award, c } = await this.open(m, officer, awardId, true);
      if (!MONITORED_STATUSES.includes(award.status)) throw new DomainError('conflict', 'award-not-monitored', `A ${award.status} award is not monitored`);
      await this.schedule(m, c, award, officer.id, input.intervalMonths, input.returns, input.startOn);
    });
    return this.view(officer, awardId);
  }

  /** On acceptance: returns every configured interval from the acceptance date. The caller holds the award locked and audits the schedule with the acceptance. */
  async scheduleOnAcceptance(m: EntityManager, c: Case, awardId: string, actor: string): Promise<{ intervalMonths: number; returns: MonitoringPeriod[] }> {
    const [award] = await m.query('select id, amount_pence, status, responded_at, monitoring_interval_months from awards where id = $1', [awardId]);
    const intervalMonths = this.config.MONITORING_INTERVAL_MONTHS;
    return { intervalMonths, returns: await this.schedule(m, c, award, actor, intervalMonths, this.config.MONITORING_RETURNS, undefined, false) };
  }

  /** The mutual's return, or one it sent in that an officer records (under the officer's name). */
  async submitReturn(applicant: AuthenticatedUser, awardId: string, returnId: string, input: MonitoringReturnDto): Promise<MonitoringView> {
    await this.dataSource.transaction(async (m) => {
      const { award, c } = await this.open(m, applicant, awardId, true);
      const r = await this.monitoringReturn(m, awardId, returnId);
      if (!['due', 'returned'].includes(r.status)) throw new DomainError('conflict', 'return-not-open', `This return is ${r.status}; it can no longer be changed`);
      const at = new Date();
      await m.query(
        `update monitoring_returns set status = 'submitted', staff = $2, contract_value_pence = $3, contract_renewals = $4, turnover_pence = $5, savings_pence = $6,
           outcomes = $7, submitted_by = $8, submitted_at = $9, reviewed_by = null, reviewed_at = null, review_note = null where id = $1`,
        [returnId, input.staff, input.contractValuePence, input.contractRenewals, input.turnoverPence, input.savingsToCommissionerPence, JSON.stringify(input.outcomes), applicant.id, at],
      );
      const outcomes = input.outcomes.map((o) => ({ measure: o.measure, value: o.value }));
      await this.events.publish(m, AwardMonitoringReturnSubmitted, awardId, {
        ...this.returnRef(c, award, r),
        staff: input.staff,
        contractValuePence: input.contractValuePence,
        contractRenewals: input.contractRenewals,
        turnoverPence: input.turnoverPence,
        savingsToCommissionerPence: input.savingsToCommissionerPence,
        outcomes,
        submittedBy: applicant.id,
        submittedAt: at.toISOString(),
      });
      await audit(m, { subjectType: 'award', subjectId: awardId, caseId: c.id, action: 'monitoring-return-submitted', actor: applicant.id, details: { returnId, period: r.period, ...input, outcomes } });
      await this.mutuals.recordReturnFigures(m, c.id, returnId, { staff: input.staff, contractValuePence: input.contractValuePence, actor: applicant.id });
    });
    return this.view(applicant, awardId);
  }

  async reviewReturn(officer: AuthenticatedUser, awardId: string, returnId: string, input: ReviewDto): Promise<MonitoringView> {
    await this.dataSource.transaction(async (m) => {
      const { award, c } = await this.open(m, officer, awardId, true);
      const r = await this.monitoringReturn(m, awardId, returnId);
      if (r.status !== 'submitted') throw new DomainError('conflict', 'return-not-submitted', `Only a submitted return can be reviewed; this one is ${r.status}`);
      if (input.outcome === 'returned' && !input.note) throw new DomainError('unprocessable', 'note-required', 'Say what the mutual should correct when returning a return');
      const at = new Date();
      await m.query('update monitoring_returns set status = $2, reviewed_by = $3, reviewed_at = $4, review_note = $5 where id = $1', [returnId, input.outcome, officer.id, at, input.note ?? null]);
      await this.events.publish(m, AwardMonitoringReturnReviewed, awardId, {
        ...this.returnRef(c, award, r),
        outcome: input.outcome,
        ...(input.note ? { note: input.note } : {}),
        reviewedBy: officer.id,
        reviewedAt: at.toISOString(),
      });
      await audit(m, { subjectType: 'award', subjectId: awardId, caseId: c.id, action: `monitoring-return-${input.outcome}`, actor: officer.id, details: { returnId, period: r.period, note: input.note ?? null } });
    });
    return this.view(officer, awardId);
  }

  /** Open returns past their due date, oldest first, for officers to chase. */
  /** A page of overdue returns, oldest due first (the id breaks ties), with the count of every one. */
  async overdue(query: Partial<PageQuery>): Promise<Page<OverdueReturnView>> {
    const { offset, limit, page, pageSize } = offsetOf(query);
    const from = `from monitoring_returns r join awards w on w.id = r.award_id join cases c on c.id = w.case_id
       where r.status in ('due', 'returned') and r.due_on < current_date and w.status in ('accepted', 'active', 'completed')`;
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `select r.*, to_char(r.period_start, 'YYYY-MM-DD') as ps, to_char(r.period_end, 'YYYY-MM-DD') as pe, to_char(r.due_on, 'YYYY-MM-DD') as due, true as is_overdue,
           c.reference, c.organisation_name
         ${from} order by r.due_on, r.id offset $1 limit $2`,
        [offset, limit],
      ),
      this.dataSource.query(`select count(*)::int as total ${from}`),
    ]);
    const items = rows.map((r: Record<string, any>) => ({ ...returnView(r), awardId: r.award_id, reference: r.reference, organisationName: r.organisation_name }));
    return { items, page, pageSize, total };
  }

  /**
   * Reminds of returns due within the reminder window and flags overdue ones, each once: the updates
   * only match returns not yet reminded or flagged, and claim them with skip locked (safe on several replicas).
   * Returns how many it published.
   */
  async scan(batch: number): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const claimed = async (kind: 'due-soon' | 'overdue') => {
        const [column, due] = kind === 'overdue' ? ['overdue_at', 'r.due_on < current_date'] : ['reminded_at', `r.due_on >= current_date and r.due_on <= current_date + $2::int`];
        const [rows] = await m.query(
          `update monitoring_returns r set ${column} = now() from (
             select r.id from monitoring_returns r join awards w on w.id = r.award_id
             where r.status in ('due', 'returned') and r.${column} is null and ${due} and w.status in ('accepted', 'active', 'completed')
             order by r.due_on, r.id limit $1 for update of r skip locked) x
           where r.id = x.id returning r.id, r.award_id, r.period, to_char(r.due_on, 'YYYY-MM-DD') as due`,
          kind === 'overdue' ? [batch] : [batch, this.config.MONITORING_REMINDER_DAYS],
        );
        return rows as { id: string; award_id: string; period: number; due: string }[];
      };
      let published = 0;
      for (const kind of ['overdue', 'due-soon'] as const) {
        for (const r of await claimed(kind)) {
          const [award] = await m.query('select id, amount_pence, case_id from awards where id = $1', [r.award_id]);
          const c = await loadCase(m, award.case_id);
          await this.events.publish(m, AwardMonitoringReturnReminded, r.award_id, {
            ...this.ref(c, award),
            returnId: r.id,
            period: r.period,
            dueOn: r.due,
            kind,
            at: new Date().toISOString(),
          });
          if (kind === 'overdue') await audit(m, { subjectType: 'award', subjectId: r.award_id, caseId: c.id, action: 'monitoring-return-overdue', actor: 'system', details: { returnId: r.id, period: r.period, dueOn: r.due } });
          published += 1;
        }
      }
      return published;
    });
  }

  private async schedule(m: EntityManager, c: Case, award: OpenAward, actor: string, intervalMonths: number, count: number, startOn?: string, audited = true): Promise<MonitoringPeriod[]> {
    await m.query(`delete from monitoring_returns where award_id = $1 and status = 'due' and submitted_at is null`, [award.id]);
    const [last] = await m.query(`select period, to_char(period_end, 'YYYY-MM-DD') as pe from monitoring_returns where award_id = $1 order by period desc limit 1`, [award.id]);
    const start = startOn ?? last?.pe ?? date(award.responded_at ? new Date(award.responded_at) : new Date());
    const periods = monitoringPeriods(start, intervalMonths, count, this.config.MONITORING_DUE_DAYS, last?.period ?? 0).map((p) => ({ returnId: randomUUID(), ...p }));
    for (const p of periods) {
      await m.query('insert into monitoring_returns (id, award_id, period, period_start, period_end, due_on) values ($1, $2, $3, $4, $5, $6)', [p.returnId, award.id, p.period, p.periodStart, p.periodEnd, p.dueOn]);
    }
    await m.query('update awards set monitoring_interval_months = $2 where id = $1', [award.id, intervalMonths]);
    await this.events.publish(m, AwardMonitoringScheduled, award.id, { ...this.ref(c, award), intervalMonths, returns: periods, scheduledBy: actor, scheduledAt: new Date().toISOString() });
    if (audited) await audit(m, { subjectType: 'award', subjectId: award.id, caseId: c.id, action: 'monitoring-scheduled', actor, details: { intervalMonths, returns: periods } });
    return periods;
  }

  private open(m: EntityManager, user: AuthenticatedUser, awardId: string, lock: boolean): Promise<{ award: OpenAward; c: Case }> {
    return awardFor<OpenAward>(m, user, awardId, lock);
  }

  private async condition(m: EntityManager, awardId: string, conditionId: string): Promise<{ text: string; status: string }> {
    const [row] = await m.query('select text, status from award_conditions where id = $1 and award_id = $2 for update', [conditionId, awardId]);
    if (!row) throw DomainError.notFound('Condition', conditionId);
    return row;
  }

  private async monitoringReturn(m: EntityManager, awardId: string, returnId: string): Promise<{ id: string; status: string; period: number; due: string }> {
    const [row] = await m.query(`select id, status, period, to_char(due_on, 'YYYY-MM-DD') as due from monitoring_returns where id = $1 and award_id = $2 for update`, [returnId, awardId]);
    if (!row) throw DomainError.notFound('Monitoring return', returnId);
    return row;
  }

  private ref(c: Case, award: { id: string; amount_pence: string }): AwardRef {
    return { ...caseRef(c), awardId: award.id, amountPence: Number(award.amount_pence) };
  }

  private returnRef(c: Case, award: { id: string; amount_pence: string }, r: { id: string; period: number; due: string }) {
    return { ...this.ref(c, award), returnId: r.id, period: r.period, dueOn: r.due };
  }
}

function returnView(r: Record<string, any>): MonitoringReturnView {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    id: r.id,
    period: r.period,
    periodStart: r.ps,
    periodEnd: r.pe,
    dueOn: r.due,
    status: r.status,
    overdue: r.is_overdue === true,
    overdueFlaggedAt: iso(r.overdue_at),
    staff: num(r.staff),
    contractValuePence: num(r.contract_value_pence),
    contractRenewals: num(r.contract_renewals),
    turnoverPence: num(r.turnover_pence),
    savingsToCommissionerPence: num(r.savings_pence),
    outcomes: r.outcomes ?? [],
    submittedBy: r.submitted_by ?? null,
    submittedAt: iso(r.submitted_at),
    reviewedBy: r.reviewed_by ?? null,
    reviewedAt: iso(r.reviewed_at),
    reviewNote: r.review_note ?? null,
  };
}
