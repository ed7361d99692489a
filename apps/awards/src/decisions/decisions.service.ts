import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuthenticatedUser } from '@mutuals/auth';
import { CaseDecided } from '@mutuals/contracts';
import { DomainError, formatPence } from '@mutuals/domain';
import { EventPublisher } from '@mutuals/messaging';
import { audit, AUDIT_COLUMNS, auditValues } from '../audit/audit-trail';
import { Approval, assertStatus, Case, caseOf, caseRef, Decision, loadCase } from '../cases/case';
import { PackageQuote, SupportInKindService } from '../inkind/support-in-kind.service';
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
    private readonly inKind: SupportInKindService,
  ) {}

  /** Approve, reserve or reject an assessed case. Approvals above £100,000 wait for a second officer. */
  async decide(officer: AuthenticatedUser, caseId: string, input: DecideDto): Promise<Case> {
    return this.dataSource.transaction(async (m) => {
      // The case with its round's cap, in one read: a decision's statements are what an officer waits for.
      const [row] = await m.query('select c.*, s.max_award_pence as scheme_max_award_pence from cases c left join schemes s on s.id = c.scheme_id where c.id = $1 for update of c', [caseId]);
      if (!row) throw DomainError.notFound('Case', caseId);
      const c = caseOf(row);
      assertStatus(c, input.outcome === 'approved' ? ['assessed', 'reserve'] : ['assessed', 'reserve', 'approval-pending'], `decided ${input.outcome}`);
      if (input.outcome !== 'approved') {
        return this.record(m, c, { outcome: input.outcome, reason: input.reason, decidedBy: officer.id, decidedAt: new Date().toISOString() });
      }
      const amount = input.amountPence ?? 0;
      if (input.amountPence !== undefined || !input.inKind) {
        const schemeCap = row.scheme_max_award_pence === null ? null : Number(row.scheme_max_award_pence);
        assertApprovableAmount(amount, c.amountRequestedPence, c.maxAwardPence ?? schemeCap);
      }
      const quote = input.inKind ? await this.inKind.quote(m, c, input.inKind) : null;
      if (needsSecondApproval(amount + (quote?.valuePence ?? 0))) {
        const firstApproval: Approval = { amountPence: amount, ...(input.inKind ? { inKind: input.inKind } : {}), reason: input.reason, by: officer.id, at: new Date().toISOString() };
        await m.query(`update cases set status = 'approval-pending', first_approval = $2, updated_at = now() where id = $1`, [caseId, JSON.stringify(firstApproval)]);
        await audit(m, { subjectType: 'case', subjectId: caseId, caseId, action: 'approval-requested', actor: officer.id, details: { ...firstApproval, ...(quote ? { inKindPence: quote.valuePence } : {}) } });
        return { ...c, status: 'approval-pending', firstApproval };
      }
      return this.approve(m, officer, c, amount, quote, { outcome: 'approved', amountPence: amount, reason: input.reason, decidedBy: officer.id, decidedAt: new Date().toISOString() });
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
      // The supplier's days may have gone to another package meanwhile: checked again.
      const quote = first.inKind ? await this.inKind.quote(m, c, first.inKind) : null;
      return this.approve(m, officer, c, first.amountPence, quote, {
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
   * Cash and support in kind are committed together, so an approval is refused whole when the budget
   * cannot take both. The budget is committed last: every approval in the programme queues on its
   * row, which stays locked until the transaction commits, so the case's own writes go before it.
   */
  private async approve(m: EntityManager, officer: AuthenticatedUser, c: Case, amount: number, quote: PackageQuote | null, decision: Decision): Promise<Case> {
    if (quote) await this.inKind.award(m, officer, c, quote);
    const decided = await this.record(m, { ...c, approvedPence: amount }, quote ? { ...decision, inKindPence: quote.valuePence } : decision);
    await this.budgets.commit(m, c.programmeId, amount + (quote?.valuePence ?? 0));
    return decided;
  }

  /** The case's decision (and an approval's amount), its CaseDecided event and its audit row, in one statement. */
  private async record(m: EntityManager, c: Case, decision: Decision): Promise<Case> {
    const event = {
      ...caseRef(c),
      outcome: decision.outcome,
      ...(decision.amountPence !== undefined ? { amountPence: decision.amountPence } : {}),
      reason: decision.reason,
      decidedBy: decision.decidedBy,
      decidedAt: decision.decidedAt,
    };
    const entry = { subjectType: 'case' as const, subjectId: c.id, caseId: c.id, action: `decided-${decision.outcome}`, actor: decision.decidedBy, details: { ...decision } };
    await this.events.publishFrom(
      m,
      CaseDecided,
      c.id,
      (outbox) =>
        m.query(
          `with decided as (
             update cases set status = $2, decision = $3, approved_pence = case when $2 = 'approved' then $4::bigint else approved_pence end, updated_at = now()
             where id = $1 returning id),
           event as (insert into outbox_messages (event_id, topic, message_key, envelope) select $5, $6, $7, $8 from decided)
           insert into audit_trail (${AUDIT_COLUMNS}) select $9, $10, $11, $12, $13, $14 from decided`,
          [c.id, decision.outcome, JSON.stringify(decision), c.approvedPence, ...outbox, ...auditValues(entry)],
        ),
      event,
    );
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
