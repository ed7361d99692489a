import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuthenticatedUser } from '@mutuals/auth';
import { CaseDecided } from '@mutuals/contracts';
import { DomainError, formatPence } from '@mutuals/domain';
import { EventPublisher } from '@mutuals/messaging';
import { audit } from '../audit/audit-trail';
import { Approval, assertStatus, Case, caseRef, Decision, loadCase } from '../cases/case';
import { BudgetService } from '../programmes/budget.service';
import { assertApprovableAmount, dueDiligenceProblems, needsSecondApproval, subsidyWindowStart } from './decision-rules';
import { ConfirmApprovalDto, DecideDto, DueDiligenceDto, DueDiligenceView } from './decision.dto';

export function dueDiligenceOf(r: Record<string, any>): DueDiligenceView {
  return {
    id: r.id,
    recipientOrgIdentifier: r.recipient_org_identifier,
    subsidyDeclaredPence: Number(r.subsidy_declared_pence),
    subsidyTotalPence: Number(r.subsidy_total_pence),
    passed: r.passed,
    problems: r.problems,
    checkedBy: r.checked_by,
    checkedAt: new Date(r.checked_at).toISOString(),
  };
}

@Injectable()
export class DecisionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventPublisher,
    private readonly budgets: BudgetService,
  ) {}

  /** Approve, reserve or reject an assessed case. Approvals above £100,000 wait for a second officer. */
  async decide(officer: AuthenticatedUser, caseId: string, input: DecideDto): Promise<Case> {
    return this.dataSource.transaction(async (m) => {
      const c = await loadCase(m, caseId, true);
      assertStatus(c, input.outcome === 'approved' ? ['assessed', 'reserve'] : ['assessed', 'reserve', 'approval-pending'], `decided ${input.outcome}`);
      if (input.outcome !== 'approved') {
        return this.record(m, c, { outcome: input.outcome, reason: input.reason, decidedBy: officer.id, decidedAt: new Date().toISOString() });
      }
      const amount = input.amountPence!;
      const [scheme] = await m.query('select max_award_pence from schemes where id = $1', [c.schemeId]);
      const schemeCap = scheme?.max_award_pence === null || scheme?.max_award_pence === undefined ? null : Number(scheme.max_award_pence);
      assertApprovableAmount(amount, c.amountRequestedPence, c.maxAwardPence ?? schemeCap);
      if (needsSecondApproval(amount)) {
        const firstApproval: Approval = { amountPence: amount, reason: input.reason, by: officer.id, at: new Date().toISOString() };
        await m.query(`update cases set status = 'approval-pending', first_approval = $2, updated_at = now() where id = $1`, [caseId, JSON.stringify(firstApproval)]);
        await audit(m, { subjectType: 'case', subjectId: caseId, caseId, action: 'approval-requested', actor: officer.id, details: { ...firstApproval } });
        return { ...c, status: 'approval-pending', firstApproval };
      }
      return this.approve(m, c, amount, { outcome: 'approved', amountPence: amount, reason: input.reason, decidedBy: officer.id, decidedAt: new Date().toISOString() });
    });
  }

  /** The second approval of a large award, by a different officer. */
  async confirm(officer: AuthenticatedUser, caseId: string, input: ConfirmApprovalDto): Promise<Case> {
    return this.dataSource.transaction(async (m) => {
      const c = await loadCase(m, caseId, true);
      assertStatus(c, ['approval-pending'], 'given a second approval');
      const first = c.firstApproval!;
      if (first.by === officer.id) {
        throw new DomainError('forbidden', 'second-approver-required', `Approvals over ${formatPence(10_000_000)} need a second, different officer; you gave the first approval`);
      }
      return this.approve(m, c, first.amountPence, {
        outcome: 'approved',
        amountPence: first.amountPence,
        reason: `${first.reason} / second approval: ${input.reason}`,
        decidedBy: officer.id,
        firstApprover: first.by,
        decidedAt: new Date().toISOString(),
      });
    });
  }

  /**
   * The budget is committed last: every approval in the programme queues on its row, which stays
   * locked until the transaction commits, so the case's own writes go before it, not under it.
   */
  private async approve(m: EntityManager, c: Case, amount: number, decision: Decision): Promise<Case> {
    await m.query('update cases set approved_pence = $2 where id = $1', [c.id, amount]);
    const decided = await this.record(m, { ...c, approvedPence: amount }, decision);
    await this.budgets.commit(m, c.programmeId, amount);
    return decided;
  }

  private async record(m: EntityManager, c: Case, decision: Decision): Promise<Case> {
    await m.query(`update cases set status = $2, decision = $3, updated_at = now() where id = $1`, [c.id, decision.outcome, JSON.stringify(decision)]);
    await this.events.publish(m, CaseDecided, c.id, {
      ...caseRef(c),
      outcome: decision.outcome,
      ...(decision.amountPence !== undefined ? { amountPence: decision.amountPence } : {}),
      reason: decision.reason,
      decidedBy: decision.decidedBy,
      decidedAt: decision.decidedAt,
    });
    await audit(m, { subjectType: 'case', subjectId: c.id, caseId: c.id, action: `decided-${decision.outcome}`, actor: decision.decidedBy, details: { ...decision } });
    return { ...c, status: decision.outcome, decision };
  }

  /** Records the due-diligence check an offer needs: identifiers well-formed, subsidy under the limit. */
  async checkDueDiligence(officer: AuthenticatedUser, caseId: string, input: DueDiligenceDto): Promise<DueDiligenceView> {
    return this.dataSource.transaction(async (m) => {
      const c = await loadCase(m, caseId, true);
      assertStatus(c, ['approved'], 'checked before an offer');
      const [{ awarded }] = await m.query(
        `select coalesce(sum(case when status = 'withdrawn' then paid_pence - clawed_back_pence else amount_pence - clawed_back_pence end), 0) as awarded from awards
         where recipient_org_identifier = $1 and status in ('offered', 'accepted', 'active', 'completed', 'clawed-back', 'withdrawn') and offered_at >= $2`,
        [input.recipientOrgIdentifier, subsidyWindowStart(new Date())],
      );
      const { subsidyTotalPence, problems } = dueDiligenceProblems({ ...input, awardedElsewherePence: Number(awarded), amountPence: c.approvedPence! });
      const [row] = await m.query(
        `insert into due_diligence_checks (id, case_id, recipient_org_identifier, subsidy_declared_pence, subsidy_total_pence, passed, problems, checked_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8) returning *`,
        [randomUUID(), caseId, input.recipientOrgIdentifier, input.subsidyDeclaredPence, subsidyTotalPence, problems.length === 0, problems, officer.id],
      );
      const view = dueDiligenceOf(row);
      await audit(m, { subjectType: 'case', subjectId: caseId, caseId, action: view.passed ? 'due-diligence-passed' : 'due-diligence-failed', actor: officer.id, details: { ...view } });
      return view;
    });
  }
}
