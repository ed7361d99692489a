import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuthenticatedUser, hasRole } from '@mutuals/auth';
import { CaseReconsiderationRequested, CaseReconsidered, ReopenStage } from '@mutuals/contracts';
import { assertIndependentReviewer, assertWithinWindow, DomainError, reconsiderationDeadline } from '@mutuals/domain';
import { offsetOf } from '@mutuals/http';
import { EventPublisher } from '@mutuals/messaging';
import { AllocationService, lockAllocation } from '../assessors/allocation.service';
import { audit } from '../audit/audit-trail';
import { Case, caseRef, isApplicantOf, loadCase } from '../cases/case';
import { AwardsConfig } from '../config';
import { DecisionRecord, partTakenBy } from './reconsideration-rules';
import { ReconsiderationPage, ReconsiderationQueryDto, ReconsiderationView, RequestReconsiderationDto, ReviewReconsiderationDto, WindowView } from './reconsideration.dto';

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

/** Asking for a decision to be reconsidered, and an independent officer's review of it. */
@Injectable()
export class ReconsiderationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventPublisher,
    private readonly allocation: AllocationService,
    @Inject(AwardsConfig) private readonly config: AwardsConfig,
  ) {}

  /** Whether the applicant may still ask, until when, and what they asked last. */
  async window(user: AuthenticatedUser, caseId: string): Promise<WindowView> {
    const c = await loadCase(this.dataSource.manager, caseId);
    this.assertMayAsk(user, c);
    const [latest] = await this.dataSource.query('select id from reconsiderations where case_id = $1 order by requested_at desc limit 1', [caseId]);
    const latestView = latest ? await this.get(user, latest.id) : null;
    if (c.status !== 'rejected' || !c.decision) {
      return { caseId, open: false, deadline: null, reason: `Only a rejection can be reconsidered; this case is ${c.status}`, latest: latestView };
    }
    const deadline = reconsiderationDeadline(new Date(c.decision.decidedAt), this.config.RECONSIDERATION_DAYS);
    const asked = latestView && latestView.decidedAt === new Date(c.decision.decidedAt).toISOString();
    const reason = asked ? 'You have already asked for this decision to be reconsidered' : deadline < new Date() ? 'The time to ask has passed' : null;
    return { caseId, open: reason === null, deadline: deadline.toISOString(), reason, latest: latestView };
  }

  async request(user: AuthenticatedUser, input: RequestReconsiderationDto): Promise<ReconsiderationView> {
    const id = await this.dataSource.transaction(async (m) => {
      const c = await loadCase(m, input.caseId, true);
      this.assertMayAsk(user, c);
      if (c.status !== 'rejected' || !c.decision) {
        throw new DomainError('conflict', 'case-not-reconsiderable', `Only a rejection can be reconsidered; this case is ${c.status}`);
      }
      const decidedAt = new Date(c.decision.decidedAt);
      const [existing] = await m.query('select status from reconsiderations where case_id = $1 and decided_at = $2', [c.id, decidedAt]);
      if (existing) {
        throw new DomainError(
          'conflict',
          'reconsideration-exists',
          existing.status === 'requested' ? 'A reconsideration of this decision has already been asked for and is waiting for review' : `This decision has already been reconsidered (${existing.status})`,
        );
      }
      const now = new Date();
      assertWithinWindow(decidedAt, this.config.RECONSIDERATION_DAYS, now);
      const id = randomUUID();
      const documentIds = [...new Set(input.documentIds ?? [])];
      await m.query(
        `insert into reconsiderations (id, case_id, decision_outcome, decided_at, decided_by, grounds, document_ids, requested_by, requested_at, status)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'requested')`,
        [id, c.id, c.decision.outcome, decidedAt, c.decision.decidedBy, input.grounds, documentIds, user.id, now],
      );
      await this.events.publish(m, CaseReconsiderationRequested, c.id, {
        ...caseRef(c),
        reconsiderationId: id,
        decisionOutcome: 'rejected',
        decidedAt: decidedAt.toISOString(),
        decidedBy: c.decision.decidedBy,
        grounds: input.grounds,
        documentIds,
        requestedBy: user.id,
        requestedAt: now.toISOString(),
      });
      await audit(m, { subjectType: 'case', subjectId: c.id, caseId: c.id, action: 'reconsideration-requested', actor: user.id, details: { reconsiderationId: id, grounds: input.grounds, documentIds } });
      return id;
    });
    return this.get(user, id);
  }

  /**
   * Upheld: the decision stands. Overturned: the case goes back where it left off. A rejection
   * committed no budget, so nothing is released or re-committed here.
   */
  async review(officer: AuthenticatedUser, id: string, input: ReviewReconsiderationDto): Promise<ReconsiderationView> {
    await this.dataSource.transaction(async (m) => {
      // Re-allocation takes the allocation lock before any row lock (see lockAllocation).
      if (input.outcome === 'overturned') await lockAllocation(m);
      // The case first, then the request: the order asking takes them in, so the two never deadlock.
      const [found] = await m.query('select case_id from reconsiderations where id = $1', [id]);
      if (!found) throw DomainError.notFound('Reconsideration', id);
      const c = await loadCase(m, found.case_id, true);
      const [r] = await m.query('select * from reconsiderations where id = $1 for update', [id]);
      assertIndependentReviewer(partTakenBy(officer.id, await this.decisionRecords(m, c)));
      if (r.status !== 'requested') throw new DomainError('conflict', 'reconsideration-reviewed', `This reconsideration has already been reviewed (${r.status})`);
      const reviewedAt = new Date();
      const reopenAt: ReopenStage | undefined = input.outcome === 'overturned' ? (input.reopenAt ?? 'in-assessment') : undefined;
      await m.query(`update reconsiderations set status = $2, reason = $3, reopened_at_stage = $4, reviewed_by = $5, reviewed_at = $6 where id = $1`, [
        id,
        input.outcome,
        input.reason,
        reopenAt ?? null,
        officer.id,
        reviewedAt,
      ]);
      if (reopenAt) await this.reopen(m, c, reopenAt, officer.id);
      await this.events.publish(m, CaseReconsidered, c.id, {
        ...caseRef(c),
        reconsiderationId: id,
        outcome: input.outcome,
        reason: input.reason,
        ...(reopenAt ? { reopenedAt: reopenAt } : {}),
        reviewedBy: officer.id,
        reviewedAt: reviewedAt.toISOString(),
      });
      await audit(m, {
        subjectType: 'case',
        subjectId: c.id,
        caseId: c.id,
        action: `reconsideration-${input.outcome}`,
        actor: officer.id,
        details: { reconsiderationId: id, reason: input.reason, ...(reopenAt ? { reopenedAt: reopenAt } : {}) },
      });
    });
    return this.get(officer, id);
  }

  /**
   * Back to assessment: the submitted scores are kept and one more assessor, who has not seen the
   * case, is allocated to score it (with the new grounds in view); or straight back to a new
   * decision on the scores as they were.
   */
  private async reopen(m: EntityManager, c: Case, stage: ReopenStage, actor: string): Promise<void> {
    if (stage === 'assessed') {
      await m.query(`update cases set status = 'assessed', decision = null, updated_at = now() where id = $1`, [c.id]);
      return;
    }
    await m.query(
      `update cases set status = 'awaiting-allocation', decision = null, final_score = null, moderation = null, blocked_reason = null,
         extra_assessors = extra_assessors + 1, updated_at = now() where id = $1`,
      [c.id],
    );
    await this.allocation.allocate(m, c.id, actor);
  }

  async list(user: AuthenticatedUser, query: ReconsiderationQueryDto): Promise<ReconsiderationPage> {
    const { offset, limit, page, pageSize } = offsetOf(query);
    const where = `where ($1 or c.applicant_id = $2 or c.organisation_code = $3) and ($4::text is null or r.status = $4) and ($5::uuid is null or r.case_id = $5)`;
    const params = [hasRole(user, 'programme_officer'), user.id, user.organisationId ?? null, query.status ?? null, query.caseId ?? null];
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(`select r.id from reconsiderations r join cases c on c.id = r.case_id ${where} order by r.requested_at desc, r.id desc offset $6 limit $7`, [...params, offset, limit]),
      this.dataSource.query(`select count(*)::int as total from reconsiderations r join cases c on c.id = r.case_id ${where}`, params),
    ]);
    const items = await Promise.all(rows.map((r: { id: string }) => this.get(user, r.id)));
    return { items, page, pageSize, total };
  }

  async get(user: AuthenticatedUser, id: string): Promise<ReconsiderationView> {
    const [r] = await this.dataSource.query(
      `select r.*, c.reference, c.title, c.organisation_name, c.applicant_id, c.organisation_code from reconsiderations r join cases c on c.id = r.case_id where r.id = $1`,
      [id],
    );
    const officer = hasRole(user, 'programme_officer');
    if (!r || !(officer || isApplicantOf(user, { applicantId: r.applicant_id, organisationCode: r.organisation_code }))) throw DomainError.notFound('Reconsideration', id);
    const [decision] = await this.dataSource.query(
      `select details->>'reason' as reason from audit_trail where case_id = $1 and action = 'decided-' || $2 and actor = $3 order by id desc limit 1`,
      [r.case_id, r.decision_outcome, r.decided_by],
    );
    const cannotReviewBecause = officer ? (partTakenBy(user.id, await this.decisionRecords(this.dataSource.manager, { id: r.case_id })) ?? null) : null;
    return {
      id: r.id,
      caseId: r.case_id,
      reference: r.reference,
      title: r.title,
      organisationName: r.organisation_name,
      decisionOutcome: r.decision_outcome,
      decisionReason: decision?.reason ?? '',
      decidedBy: r.decided_by,
      decidedAt: iso(r.decided_at)!,
      grounds: r.grounds,
      documentIds: r.document_ids,
      requestedBy: r.requested_by,
      requestedAt: iso(r.requested_at)!,
      status: r.status,
      reason: r.reason,
      reopenedAt: r.reopened_at_stage,
      reviewedBy: r.reviewed_by,
      reviewedAt: iso(r.reviewed_at),
      cannotReviewBecause: cannotReviewBecause ? `You cannot review this reconsideration: ${cannotReviewBecause}` : null,
    };
  }

  /** Who shaped the case's decisions, from its audit trail (which records every decision, approval and moderation). */
  private async decisionRecords(m: EntityManager, c: Pick<Case, 'id'>): Promise<DecisionRecord[]> {
    return m.query(`select action, actor from audit_trail where case_id = $1 and action in ('decided-rejected', 'decided-approved', 'decided-reserve', 'approval-requested', 'moderated')`, [c.id]);
  }

  /** Only the applicant or council the case belongs to may ask; anyone else is told there is no such case. */
  private assertMayAsk(user: AuthenticatedUser, c: Case): void {
    if (!isApplicantOf(user, c)) throw DomainError.notFound('Case', c.id);
  }
}
