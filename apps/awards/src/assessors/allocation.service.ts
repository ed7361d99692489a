import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CaseAllocationBlocked, CaseAssessorsAllocated } from '@mutuals/contracts';
import { EventPublisher } from '@mutuals/messaging';
import { audit } from '../audit/audit-trail';
import { assessorsWanted, Case, caseRef, loadCase } from '../cases/case';
import { AwardsConfig } from '../config';
import { Candidate, chooseAssessors } from './allocation';

const ALLOCATABLE = ['awaiting-allocation', 'in-assessment'];
const ALLOCATION_LOCK = 7_313_301;

/**
 * Serialises allocation work (capacity and load are read, then written). Every transaction that
 * allocates takes it before any row lock, so allocations never deadlock one another.
 */
export async function lockAllocation(m: EntityManager): Promise<void> {
  await m.query('select pg_advisory_xact_lock($1)', [ALLOCATION_LOCK]);
}

@Injectable()
export class AllocationService {
  constructor(
    private readonly events: EventPublisher,
    @Inject(AwardsConfig) private readonly config: AwardsConfig,
  ) {}

  /**
   * Tops a case up to its number of assessors, never taking anyone past capacity (allocations are
   * serialised). A shortfall flags the case to officers, once, with the reason.
   */
  async allocate(m: EntityManager, caseId: string, actor: string): Promise<Case> {
    await lockAllocation(m);
    const c = await loadCase(m, caseId, true);
    if (!ALLOCATABLE.includes(c.status)) return c;
    const involved: { assessor_id: string; status: string }[] = await m.query('select assessor_id, status from allocations where case_id = $1', [caseId]);
    const active = involved.filter((a) => a.status === 'allocated' || a.status === 'submitted').length;
    const needed = assessorsWanted(c) - active;
    const choice = needed > 0 ? chooseAssessors(c, await this.candidates(m, c.programmeId), needed, new Set(involved.map((a) => a.assessor_id))) : { chosen: [] };

    if (choice.chosen.length > 0) {
      const dueAt = new Date(Date.now() + this.config.ASSESSMENT_DAYS * 86_400_000);
      const chosen: { id: string; name: string; email: string }[] = await m.query('select id, name, email from assessors where id = any($1) order by id', [choice.chosen]);
      for (const a of chosen) {
        await m.query(`insert into allocations (case_id, assessor_id, status, due_at) values ($1, $2, 'allocated', $3)`, [caseId, a.id, dueAt]);
      }
      await this.events.publish(m, CaseAssessorsAllocated, caseId, {
        ...caseRef(c),
        assessors: chosen.map((a) => ({ assessorId: a.id, name: a.name, email: a.email })),
        dueAt: dueAt.toISOString(),
      });
      await audit(m, { subjectType: 'case', subjectId: caseId, caseId, action: 'assessors-allocated', actor, details: { assessors: choice.chosen } });
    }

    const shortfall = 'shortfall' in choice ? choice.shortfall : undefined;
    const status = shortfall ? 'awaiting-allocation' : 'in-assessment';
    await m.query('update cases set status = $1, blocked_reason = $2, updated_at = now() where id = $3', [status, shortfall ?? null, caseId]);
    if (shortfall && c.blockedReason === null) {
      await this.events.publish(m, CaseAllocationBlocked, caseId, {
        ...caseRef(c),
        reason: shortfall,
        assessorsNeeded: assessorsWanted(c),
        assessorsAllocated: active + choice.chosen.length,
        flaggedAt: new Date().toISOString(),
      });
      await audit(m, { subjectType: 'case', subjectId: caseId, caseId, action: 'allocation-blocked', actor, details: { reason: shortfall } });
    }
    return { ...c, status, blockedReason: shortfall ?? null };
  }

  /**
   * When a case's settings now ask for fewer assessors than it has, the last allocated go (nobody
   * has scored it: only unscored cases take new settings). Call with the allocation lock held.
   */
  async releaseSurplus(m: EntityManager, caseId: string): Promise<void> {
    const c = await loadCase(m, caseId, true);
    const allocated: { assessor_id: string }[] = await m.query(
      `select assessor_id from allocations where case_id = $1 and status = 'allocated' order by allocated_at, assessor_id`,
      [caseId],
    );
    const surplus = allocated.slice(assessorsWanted(c)).map((a) => a.assessor_id);
    if (surplus.length === 0) return;
    await m.query(
      `update allocations set status = 'released', released_at = now(), release_reason = 'settings-changed' where case_id = $1 and assessor_id = any($2)`,
      [caseId, surplus],
    );
    await audit(m, { subjectType: 'case', subjectId: caseId, caseId, action: 'assessors-released', actor: 'system', details: { assessors: surplus, reason: 'settings-changed' } });
  }

  /** Assessors on the programme's panel, or on no particular panel. */
  private async candidates(m: EntityManager, programmeId: string): Promise<Candidate[]> {
    const rows = await m.query(
      `select a.id, a.sectors, a.capacity,
         (select count(*)::int from allocations x where x.assessor_id = a.id and x.status = 'allocated') as open_cases,
         coalesce((select json_agg(json_build_object('kind', k.kind, 'value', k.value)) from assessor_conflicts k where k.assessor_id = a.id), '[]') as conflicts
       from assessors a where cardinality(a.programme_ids) = 0 or $1 = any(a.programme_ids)`,
      [programmeId],
    );
    return rows.map((r: Record<string, any>) => ({ id: r.id, sectors: r.sectors, capacity: r.capacity, openCases: r.open_cases, conflicts: r.conflicts }));
  }
}
