import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuthenticatedUser } from '@mutuals/auth';
import { AssessmentSubmitted, CaseModerated } from '@mutuals/contracts';
import { DomainError } from '@mutuals/domain';
import { offsetOf, Page } from '@mutuals/http';
import { audit } from '../audit/audit-trail';
import { assertStatus, assessorsWanted, Case, caseRef, loadCase } from '../cases/case';
import { EventPublisher } from '@mutuals/messaging';
import { AssessmentView, AssessorCaseQueryDto, AssessorCaseView, ModerateDto, SubmitAssessmentDto } from './assessment.dto';
import { assessmentOutcome, weightedScore } from './scoring';

export function assessmentOf(r: Record<string, any>): AssessmentView {
  return {
    id: r.id,
    assessorId: r.assessor_id,
    scores: r.scores,
    recommendation: r.recommendation,
    weightedScore: Number(r.weighted_score),
    submittedAt: new Date(r.submitted_at).toISOString(),
  };
}

@Injectable()
export class AssessmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventPublisher,
  ) {}

  /** Only the cases allocated to this assessor (a released allocation is no longer theirs). */
  /** A page of the cases allocated to the assessor, soonest due first (then by reference and id), with the count of all of them. */
  async pageOf(assessor: AuthenticatedUser, query: AssessorCaseQueryDto): Promise<Page<AssessorCaseView>> {
    const { offset, limit, page, pageSize } = offsetOf(query);
    const states = query.state ? [query.state] : ['allocated', 'submitted'];
    const [items, [{ total }]] = await Promise.all([
      this.casesOf(assessor, undefined, { states, offset, limit }),
      this.dataSource.query(
        `select count(*)::int as total from allocations x join cases c on c.id = x.case_id where x.assessor_id = $1 and x.status = any($2) and c.status <> 'withdrawn'`,
        [assessor.id, states],
      ),
    ]);
    return { items, page, pageSize, total };
  }

  async casesOf(assessor: AuthenticatedUser, caseId?: string, { states = ['allocated', 'submitted'], offset = 0, limit = null as number | null } = {}): Promise<AssessorCaseView[]> {
    const rows = await this.dataSource.query(
      `select c.*, x.status as allocation_status, x.due_at, a.id as a_id, a.assessor_id, a.scores, a.recommendation, a.weighted_score, a.submitted_at
       from allocations x join cases c on c.id = x.case_id
       left join assessments a on a.case_id = x.case_id and a.assessor_id = x.assessor_id
       where x.assessor_id = $1 and x.status = any($3) and c.status <> 'withdrawn' and ($2::uuid is null or c.id = $2)
       order by x.due_at, c.reference, c.id offset $4 limit $5`,
      [assessor.id, caseId ?? null, states, offset, limit],
    );
    return rows.map((r: Record<string, any>) => ({
      caseId: r.id,
      reference: r.reference,
      title: r.title,
      organisationName: r.organisation_name,
      parentBody: r.parent_body,
      sector: r.sector,
      region: r.region,
      amountRequestedPence: Number(r.amount_requested_pence),
      criteria: r.assessment.criteria,
      scaleMax: r.assessment.scaleMax,
      dueAt: new Date(r.due_at).toISOString(),
      allocationStatus: r.allocation_status,
      myAssessment: r.a_id ? assessmentOf({ ...r, id: r.a_id }) : null,
    }));
  }

  async caseOf(assessor: AuthenticatedUser, caseId: string): Promise<AssessorCaseView> {
    const [view] = await this.casesOf(assessor, caseId);
    if (!view) throw DomainError.notFound('Case', caseId);
    return view;
  }

  /** Submitting locks the assessment; the weighted score is computed here, never typed in. */
  async submit(assessor: AuthenticatedUser, caseId: string, input: SubmitAssessmentDto): Promise<AssessmentView> {
    return this.dataSource.transaction(async (m) => {
      const c = await loadCase(m, caseId, true);
      const [allocation] = await m.query('select status from allocations where case_id = $1 and assessor_id = $2 for update', [caseId, assessor.id]);
      if (!allocation || !['allocated', 'submitted'].includes(allocation.status) || c.status === 'withdrawn') throw DomainError.notFound('Case', caseId);
      if (allocation.status === 'submitted') throw new DomainError('conflict', 'assessment-locked', 'You have already submitted your assessment of this case; it can no longer be changed');
      assertStatus(c, ['awaiting-allocation', 'in-assessment'], 'assessed');
      const score = weightedScore(c.assessment, input.scores);
      const id = randomUUID();
      const [row] = await m.query(
        `insert into assessments (id, case_id, assessor_id, scores, recommendation, weighted_score) values ($1, $2, $3, $4, $5, $6) returning *`,
        [id, caseId, assessor.id, JSON.stringify(input.scores.map(({ criterionId, score: s, comment }) => ({ criterionId, score: s, comment }))), input.recommendation, score],
      );
      await m.query(`update allocations set status = 'submitted' where case_id = $1 and assessor_id = $2`, [caseId, assessor.id]);
      const view = assessmentOf(row);
      await this.events.publish(m, AssessmentSubmitted, caseId, {
        ...caseRef(c),
        assessmentId: id,
        assessorId: assessor.id,
        weightedScore: score,
        recommendation: input.recommendation,
        submittedAt: view.submittedAt,
      });
      await audit(m, { subjectType: 'case', subjectId: caseId, caseId, action: 'assessment-submitted', actor: assessor.id, details: { weightedScore: score, recommendation: input.recommendation } });
      await this.concludeIfComplete(m, c);
      return view;
    });
  }

  /** When every allocated assessor has submitted: the case is assessed, or goes to moderation if they disagree. */
  private async concludeIfComplete(m: EntityManager, c: Case): Promise<void> {
    const [{ open, submitted }] = await m.query(
      `select count(*) filter (where status = 'allocated')::int as open, count(*) filter (where status = 'submitted')::int as submitted from allocations where case_id = $1`,
      [c.id],
    );
    if (open > 0 || submitted < assessorsWanted(c)) return;
    const totals = (await m.query('select weighted_score from assessments where case_id = $1', [c.id])).map((r: { weighted_score: string }) => Number(r.weighted_score));
    const outcome = assessmentOutcome(totals, c.assessment.moderationThreshold);
    if (outcome.moderation) {
      await m.query(`update cases set status = 'moderation', updated_at = now() where id = $1`, [c.id]);
      await audit(m, { subjectType: 'case', subjectId: c.id, caseId: c.id, action: 'sent-to-moderation', actor: 'system', details: { totals } });
    } else {
      await m.query(`update cases set status = 'assessed', final_score = $2, updated_at = now() where id = $1`, [c.id, outcome.finalScore]);
      await audit(m, { subjectType: 'case', subjectId: c.id, caseId: c.id, action: 'assessed', actor: 'system', details: { totals, finalScore: outcome.finalScore } });
    }
  }

  async moderate(moderator: AuthenticatedUser, caseId: string, input: ModerateDto): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const c = await loadCase(m, caseId, true);
      assertStatus(c, ['moderation'], 'moderated');
      const assessorScores = (await m.query('select weighted_score from assessments where case_id = $1 order by submitted_at', [caseId])).map((r: { weighted_score: string }) => Number(r.weighted_score));
      const moderation = { assessorScores, agreedScore: input.agreedScore, reason: input.reason, moderatedBy: moderator.id, moderatedAt: new Date().toISOString() };
      await m.query(`update cases set status = 'assessed', final_score = $2, moderation = $3, updated_at = now() where id = $1`, [caseId, input.agreedScore, JSON.stringify(moderation)]);
      await this.events.publish(m, CaseModerated, caseId, { ...caseRef(c), ...moderation });
      await audit(m, { subjectType: 'case', subjectId: caseId, caseId, action: 'moderated', actor: moderator.id, details: moderation });
    });
  }
}
