import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuthenticatedUser, hasRole } from '@mutuals/auth';
import {
  AwardAccepted,
  AwardClawedBack,
  AwardDeclined,
  AwardLapsed,
  AwardOffered,
  AwardOfferReissued,
  AwardPaymentMade,
  AwardPaymentScheduled,
  AwardRef,
  AwardWithdrawn,
  WITHDRAWABLE_AWARD_STATUSES,
} from '@mutuals/contracts';
import { DomainError, formatPence } from '@mutuals/domain';
import { offsetOf } from '@mutuals/http';
import { EventPublisher } from '@mutuals/messaging';
import { audit, AuditRecord, caseHistory } from '../audit/audit-trail';
import { assertStatus, Case, caseRef, isApplicantOf, loadCase } from '../cases/case';
import { paidWithdrawalFlag } from '../cases/source-changes';
import { assertScheduleSumsTo } from '../decisions/decision-rules';
import { awardFor } from './award-access';
import { assertConditionsMet, conditionsOf, createConditions, linkMilestone, milestoneDependencies } from '../monitoring/award-conditions';
import { MonitoringService } from '../monitoring/monitoring.service';
import { BudgetService } from '../programmes/budget.service';
import { AwardPage, AwardQueryDto, AwardView, ClawbackDto, OfferDto, ScheduleDto } from './award.dto';
import type { ReissueOfferDto } from '../reconsiderations/reconsideration.dto';

export interface AwardRow {
  id: string;
  case_id: string;
  programme_id: string;
  amount_pence: string;
  status: string;
  expires_at: Date;
  paid_pence: string;
  clawed_back_pence: string;
}

/** Awards from offer to the last payment: every change is a conditional update with its event and audit entry. */
@Injectable()
export class AwardsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventPublisher,
    private readonly budgets: BudgetService,
    private readonly monitoring: MonitoringService,
  ) {}

  async offer(officer: AuthenticatedUser, caseId: string, input: OfferDto): Promise<AwardView> {
    const awardId = await this.dataSource.transaction(async (m) => {
      const c = await loadCase(m, caseId, true);
      assertStatus(c, ['approved'], 'offered');
      if (!c.approvedPence) throw new DomainError('conflict', 'no-cash-approved', 'This case was approved support in kind only; there is no grant to offer');
      const [check] = await m.query('select passed, recipient_org_identifier from due_diligence_checks where case_id = $1 order by checked_at desc limit 1', [caseId]);
      if (!check?.passed) {
        throw new DomainError('unprocessable', 'due-diligence-required', 'Record a due-diligence check that passes (identifiers, subsidy limit) before making an offer');
      }
      const expiresAt = new Date(input.expiresAt);
      if (expiresAt.getTime() <= Date.now()) throw new DomainError('unprocessable', 'offer-expiry-past', 'An offer must expire in the future');
      if (input.conditionsDueOn && input.conditionsDueOn.length !== input.conditions.length) {
        throw new DomainError('unprocessable', 'condition-dates-mismatch', `Give one due date per condition: ${input.conditions.length} conditions, ${input.conditionsDueOn.length} dates`);
      }
      const id = randomUUID();
      await m.query(
        `insert into awards (id, case_id, programme_id, amount_pence, conditions, expires_at, status, recipient_org_identifier, offered_by)
         values ($1, $2, $3, $4, $5, $6, 'offered', $7, $8)`,
        [id, caseId, c.programmeId, c.approvedPence, input.conditions, expiresAt, check.recipient_org_identifier, officer.id],
      );
      await createConditions(m, id, input.conditions, input.conditionsDueOn);
      await m.query(`update cases set status = 'offered', updated_at = now() where id = $1`, [caseId]);
      await this.events.publish(m, AwardOffered, id, { ...this.ref(c, id, c.approvedPence!), conditions: input.conditions, expiresAt: expiresAt.toISOString() });
      await audit(m, { subjectType: 'award', subjectId: id, caseId, action: 'offered', actor: officer.id, details: { amountPence: c.approvedPence, conditions: input.conditions, expiresAt: input.expiresAt } });
      return id;
    });
    return this.get(officer, awardId);
  }

  /** The applicant's answer, while the offer stands. Declining frees the budget. */
  async respond(applicant: AuthenticatedUser, awardId: string, answer: 'accepted' | 'declined'): Promise<AwardView> {
    await this.dataSource.transaction(async (m) => {
      const { award, c } = await this.load(m, applicant, awardId);
      if (award.status !== 'offered') throw new DomainError('conflict', 'offer-not-open', `This offer is ${award.status}; it can no longer be ${answer === 'accepted' ? 'accepted' : 'declined'}`);
      if (award.expires_at.getTime() <= Date.now()) throw new DomainError('conflict', 'offer-expired', `This offer expired at ${award.expires_at.toISOString()}`);
      const respondedAt = new Date();
      await m.query('update awards set status = $2, responded_by = $3, responded_at = $4 where id = $1', [awardId, answer, applicant.id, respondedAt]);
      const amount = Number(award.amount_pence);
      if (answer === 'declined') await this.budgets.release(m, award.programme_id, amount);
      await this.events.publish(m, answer === 'accepted' ? AwardAccepted : AwardDeclined, awardId, {
        ...this.ref(c, awardId, amount),
        respondedBy: applicant.id,
        respondedAt: respondedAt.toISOString(),
      });
      // Acceptance starts monitoring; its schedule is part of the acceptance's audit entry.
      const monitoring = answer === 'accepted' ? await this.monitoring.scheduleOnAcceptance(m, c, awardId, applicant.id) : undefined;
      await audit(m, { subjectType: 'award', subjectId: awardId, caseId: c.id, action: answer, actor: applicant.id, ...(monitoring ? { details: { monitoring } } : {}) });
    });
    return this.get(applicant, awardId);
  }

  /**
   * The applicant withdrew after the offer (where they withdrew had not yet heard of it). The offer
   * or grant is withdrawn and its unpaid part returns to the budget. Money already paid is not undone
   * silently: it stays committed, and the award is flagged for an officer to decide on clawing it back.
   * The caller holds the case and award rows locked.
   */
  async withdrawForApplicant(m: EntityManager, c: Case, award: AwardRow, reason: string | undefined): Promise<void> {
    const previousStatus = award.status as (typeof WITHDRAWABLE_AWARD_STATUSES)[number];
    const amount = Number(award.amount_pence);
    const paid = Number(award.paid_pence);
    const withdrawnAt = new Date();
    const flag = paid > 0 ? paidWithdrawalFlag(paid, withdrawnAt.toISOString()) : null;
    await m.query(
      `update awards set status = 'withdrawn', withdrawn_at = $2::timestamptz, flagged_reason = $3::text,
         flagged_at = case when $3::text is null then null else $2::timestamptz end where id = $1`,
      [award.id, withdrawnAt, flag],
    );
    await m.query(`update cases set status = 'withdrawn', updated_at = now() where id = $1`, [c.id]);
    await this.budgets.release(m, award.programme_id, amount - paid);
    await this.events.publish(m, AwardWithdrawn, award.id, {
      ...this.ref(c, award.id, amount),
      previousStatus,
      ...(reason ? { reason } : {}),
      paidPence: paid,
      releasedPence: amount - paid,
      officerActionNeeded: paid > 0,
      withdrawnAt: withdrawnAt.toISOString(),
    });
    await audit(m, {
      subjectType: 'award',
      subjectId: award.id,
      caseId: c.id,
      action: 'withdrawn',
      actor: 'applicant',
      details: { previousStatus, paidPence: paid, releasedPence: amount - paid, ...(reason ? { reason } : {}), ...(flag ? { flaggedReason: flag } : {}) },
    });
  }

  /** Lapses offers past their expiry, each exactly once (the update only matches open offers), freeing their budget. */
  async lapseExpired(batch = 50): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const [lapsed]: [AwardRow[], number] = await m.query(
        `update awards set status = 'lapsed', responded_at = now()
         where id in (select id from awards where status = 'offered' and expires_at <= now() order by expires_at limit $1 for update skip locked)
         returning *`,
        [batch],
      );
      for (const award of lapsed) {
        const amount = Number(award.amount_pence);
        await this.budgets.release(m, award.programme_id, amount);
        const c = await loadCase(m, award.case_id);
        await this.events.publish(m, AwardLapsed, award.id, { ...this.ref(c, award.id, amount), lapsedAt: new Date().toISOString() });
        await audit(m, { subjectType: 'award', subjectId: award.id, caseId: c.id, action: 'lapsed', actor: 'system' });
      }
      return lapsed.length;
    });
  }

  /**
   * A lapsed offer made again with a new expiry. The lapse released its money, so it is committed
   * again first: refused (409, with the amount) when the budget no longer has room for it.
   */
  async reissue(officer: AuthenticatedUser, awardId: string, input: ReissueOfferDto): Promise<AwardView> {
    await this.dataSource.transaction(async (m) => {
      const { award, c } = await this.load(m, officer, awardId);
      if (award.status !== 'lapsed') throw new DomainError('conflict', 'offer-not-lapsed', `Only a lapsed offer can be re-issued; this one is ${award.status}`);
      if (c.status !== 'offered') throw new DomainError('conflict', 'case-wrong-status', `The case is ${c.status}; its offer can no longer be re-issued`);
      const expiresAt = new Date(input.expiresAt);
      if (expiresAt.getTime() <= Date.now()) throw new DomainError('unprocessable', 'offer-expiry-past', 'An offer must expire in the future');
      const amount = Number(award.amount_pence);
      await this.budgets.commit(m, award.programme_id, amount).catch((e: unknown) => {
        if (!(e instanceof DomainError) || e.code !== 'budget-exceeded') throw e;
        const remaining = Number(e.details?.remainingPence ?? 0);
        throw new DomainError('conflict', 'budget-exceeded', `Re-issuing this offer would commit ${formatPence(amount)} again, but only ${formatPence(remaining)} of the budget remains`, e.details);
      });
      const [row] = await m.query('select conditions from awards where id = $1', [awardId]);
      await m.query(
        `update awards set status = 'offered', expires_at = $2, responded_by = null, responded_at = null, reissued_count = reissued_count + 1 where id = $1`,
        [awardId, expiresAt],
      );
      const reissuedAt = new Date().toISOString();
      await this.events.publish(m, AwardOfferReissued, awardId, {
        ...this.ref(c, awardId, amount),
        conditions: row.conditions,
        expiresAt: expiresAt.toISOString(),
        previousExpiresAt: award.expires_at.toISOString(),
        recommittedPence: amount,
        reissuedBy: officer.id,
        reissuedAt,
      });
      await audit(m, { subjectType: 'award', subjectId: awardId, caseId: c.id, action: 'offer-reissued', actor: officer.id, details: { expiresAt: expiresAt.toISOString(), previousExpiresAt: award.expires_at.toISOString(), recommittedPence: amount } });
    });
    return this.get(officer, awardId);
  }

  async schedule(officer: AuthenticatedUser, awardId: string, input: ScheduleDto): Promise<AwardView> {
    await this.dataSource.transaction(async (m) => {
      const { award, c } = await this.load(m, officer, awardId);
      if (award.status !== 'accepted') throw new DomainError('conflict', 'award-not-accepted', `Payments are scheduled once the offer is accepted and before any is paid; this award is ${award.status}`);
      const [{ count }] = await m.query('select count(*)::int as count from milestones where award_id = $1', [awardId]);
      if (count > 0) throw new DomainError('conflict', 'schedule-exists', 'This award already has a payment schedule');
      const amount = Number(award.amount_pence);
      assertScheduleSumsTo(input.milestones, amount);
      const milestones = input.milestones.map((ms) => ({ milestoneId: randomUUID(), name: ms.name, amountPence: ms.amountPence, dueOn: ms.dueOn }));
      for (const [position, ms] of milestones.entries()) {
        await m.query('insert into milestones (id, award_id, position, name, amount_pence, due_on) values ($1, $2, $3, $4, $5, $6)', [ms.milestoneId, awardId, position + 1, ms.name, ms.amountPence, ms.dueOn]);
        await linkMilestone(m, awardId, ms.milestoneId, input.milestones[position].dependsOnConditionIds ?? []);
      }
      await this.events.publish(m, AwardPaymentScheduled, awardId, { ...this.ref(c, awardId, amount), milestones, scheduledBy: officer.id, scheduledAt: new Date().toISOString() });
      await audit(m, { subjectType: 'award', subjectId: awardId, caseId: c.id, action: 'payments-scheduled', actor: officer.id, details: { milestones } });
    });
    return this.get(officer, awardId);
  }

  /** Marks a milestone paid, once: a second attempt is refused rather than paying twice. */
  async pay(officer: AuthenticatedUser, awardId: string, milestoneId: string): Promise<AwardView> {
    await this.dataSource.transaction(async (m) => {
      const { award, c } = await this.load(m, officer, awardId);
      if (!['accepted', 'active'].includes(award.status)) throw new DomainError('conflict', 'award-not-payable', `A ${award.status} award cannot be paid`);
      await assertConditionsMet(m, awardId, milestoneId);
      const [paid] = await m.query(`update milestones set paid_at = now(), paid_by = $3 where id = $1 and award_id = $2 and paid_at is null returning name, amount_pence, paid_at`, [milestoneId, awardId, officer.id]);
      if (paid.length === 0) {
        const [exists] = await m.query('select 1 from milestones where id = $1 and award_id = $2', [milestoneId, awardId]);
        if (!exists) throw DomainError.notFound('Milestone', milestoneId);
        throw new DomainError('conflict', 'milestone-already-paid', 'This milestone has already been paid');
      }
      const amount = Number(paid[0].amount_pence);
      const [[updated]] = await m.query(
        `update awards set paid_pence = paid_pence + $2, status = case when paid_pence + $2 = amount_pence then 'completed' else 'active' end where id = $1 returning paid_pence`,
        [awardId, amount],
      );
      await this.budgets.recordPaid(m, award.programme_id, amount);
      await this.events.publish(m, AwardPaymentMade, awardId, {
        ...this.ref(c, awardId, Number(award.amount_pence)),
        milestoneId,
        milestone: paid[0].name,
        paidPence: amount,
        totalPaidPence: Number(updated.paid_pence),
        paidAt: new Date(paid[0].paid_at).toISOString(),
      });
      await audit(m, { subjectType: 'award', subjectId: awardId, caseId: c.id, action: 'payment-made', actor: officer.id, details: { milestoneId, amountPence: amount } });
    });
    return this.get(officer, awardId);
  }

  /** Recovers paid money. No further payments are made; what was unpaid and what is recovered return to the budget. */
  async clawback(officer: AuthenticatedUser, awardId: string, input: ClawbackDto): Promise<AwardView> {
    await this.dataSource.transaction(async (m) => {
      const { award, c } = await this.load(m, officer, awardId);
      if (!['active', 'completed', 'clawed-back', 'withdrawn'].includes(award.status) || Number(award.paid_pence) === 0) {
        throw new DomainError('conflict', 'award-not-paid', `Nothing has been paid on this ${award.status} award`);
      }
      const recoverable = Number(award.paid_pence) - Number(award.clawed_back_pence);
      if (input.amountPence > recoverable) {
        throw new DomainError('unprocessable', 'clawback-above-paid', `At most ${formatPence(recoverable)} can be clawed back: that is what was paid and not yet recovered`, { recoverablePence: recoverable });
      }
      // A withdrawal or an earlier clawback already freed what was never paid.
      const unpaid = award.status === 'clawed-back' || award.status === 'withdrawn' ? 0 : Number(award.amount_pence) - Number(award.paid_pence);
      await m.query('insert into clawbacks (id, award_id, amount_pence, reason, recorded_by) values ($1, $2, $3, $4, $5)', [randomUUID(), awardId, input.amountPence, input.reason, officer.id]);
      await m.query(`update awards set clawed_back_pence = clawed_back_pence + $2, status = 'clawed-back' where id = $1`, [awardId, input.amountPence]);
      await this.budgets.release(m, award.programme_id, unpaid + input.amountPence);
      await this.budgets.recordPaid(m, award.programme_id, -input.amountPence);
      await this.events.publish(m, AwardClawedBack, awardId, {
        ...this.ref(c, awardId, Number(award.amount_pence)),
        clawedBackPence: input.amountPence,
        reason: input.reason,
        recordedBy: officer.id,
        recordedAt: new Date().toISOString(),
      });
      await audit(m, { subjectType: 'award', subjectId: awardId, caseId: c.id, action: 'clawed-back', actor: officer.id, details: { ...input } });
    });
    return this.get(officer, awardId);
  }

  /** A page of the awards the user may see, newest offer first (the id breaks ties), with totals over every matching award. */
  async list(user: AuthenticatedUser, query: AwardQueryDto): Promise<AwardPage> {
    const { offset, limit, page, pageSize } = offsetOf(query);
    const where = `where ($1 or c.applicant_id = $2 or c.organisation_code = $3)
       and ($4::uuid is null or w.programme_id = $4) and ($5::text is null or w.status = $5) and ($6::uuid is null or w.case_id = $6)`;
    const params = [hasRole(user, 'programme_officer'), user.id, user.organisationId ?? null, query.programmeId ?? null, query.status ?? null, query.caseId ?? null];
    const [rows, [sums]] = await Promise.all([
      this.dataSource.query(`select w.id from awards w join cases c on c.id = w.case_id ${where} order by w.offered_at desc, w.id desc offset $7 limit $8`, [...params, offset, limit]),
      this.dataSource.query(
        `select count(*)::int as total, coalesce(sum(w.amount_pence), 0)::bigint as awarded, coalesce(sum(w.paid_pence), 0)::bigint as paid,
           coalesce(sum(case when w.status in ('offered', 'accepted', 'active') then w.amount_pence - w.paid_pence else 0 end), 0)::bigint as outstanding
         from awards w join cases c on c.id = w.case_id ${where}`,
        params,
      ),
    ]);
    const items = await Promise.all(rows.map((r: { id: string }) => this.get(user, r.id)));
    return { items, page, pageSize, total: sums.total, totals: { awardedPence: Number(sums.awarded), paidPence: Number(sums.paid), outstandingPence: Number(sums.outstanding) } };
  }

  async get(user: AuthenticatedUser, awardId: string): Promise<AwardView> {
    const [r] = await this.dataSource.query(
      `select w.*, c.reference, c.title, c.organisation_name, c.applicant_id, c.organisation_code from awards w join cases c on c.id = w.case_id where w.id = $1`,
      [awardId],
    );
    if (!r || !(hasRole(user, 'programme_officer') || isApplicantOf(user, { applicantId: r.applicant_id, organisationCode: r.organisation_code }))) {
      throw DomainError.notFound('Award', awardId);
    }
    const milestones = await this.dataSource.query('select id, name, amount_pence, to_char(due_on, \'YYYY-MM-DD\') as due_on, paid_at from milestones where award_id = $1 order by position', [awardId]);
    const [trackedConditions, dependencies] = await Promise.all([conditionsOf(this.dataSource.manager, awardId, !hasRole(user, 'programme_officer')), milestoneDependencies(this.dataSource.manager, awardId)]);
    const awarded = Number(r.amount_pence);
    const paid = Number(r.paid_pence);
    return {
      id: r.id,
      caseId: r.case_id,
      reference: r.reference,
      title: r.title,
      organisationName: r.organisation_name,
      programmeId: r.programme_id,
      status: r.status,
      conditions: r.conditions,
      expiresAt: new Date(r.expires_at).toISOString(),
      awardedPence: awarded,
      paidPence: paid,
      clawedBackPence: Number(r.clawed_back_pence),
      outstandingPence: ['offered', 'accepted', 'active'].includes(r.status) ? awarded - paid : 0,
      offeredAt: new Date(r.offered_at).toISOString(),
      respondedAt: r.responded_at ? new Date(r.responded_at).toISOString() : null,
      withdrawnAt: r.withdrawn_at ? new Date(r.withdrawn_at).toISOString() : null,
      flaggedReason: r.flagged_reason ?? null,
      milestones: milestones.map((ms: Record<string, any>) => ({ id: ms.id, name: ms.name, amountPence: Number(ms.amount_pence), dueOn: ms.due_on, paidAt: ms.paid_at ? new Date(ms.paid_at).toISOString() : null, dependsOnConditionIds: dependencies.get(ms.id) ?? [] })),
      trackedConditions,
    };
  }

  /** The award's full history, from its case's opening to its last payment. */
  async history(awardId: string): Promise<AuditRecord[]> {
    const [award] = await this.dataSource.query('select case_id from awards where id = $1', [awardId]);
    if (!award) throw DomainError.notFound('Award', awardId);
    return caseHistory(this.dataSource.manager, award.case_id);
  }

  /** Locks the award; an applicant who does not own it gets "not found". */
  private async load(m: EntityManager, user: AuthenticatedUser, awardId: string): Promise<{ award: AwardRow; c: Case }> {
    const { award, c } = await awardFor<AwardRow>(m, user, awardId, true);
    return { award: { ...award, expires_at: new Date(award.expires_at) }, c };
  }

  private ref(c: Case, awardId: string, amountPence: number): AwardRef {
    return { ...caseRef(c), awardId, amountPence };
  }
}
