import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CaseAllocationBlocked, CaseAssessorsAllocated } from '@mutuals/contracts';
import { DomainError } from '@mutuals/domain';
import { EventPublisher, EventToWrite, outboxColumns } from '@mutuals/messaging';
import { audit, AUDIT_COLUMNS, AuditEntry, auditColumns } from '../audit/audit-trail';
import { assessorsWanted, Case, caseOf, caseRef, loadCase } from '../cases/case';
import { AwardsConfig } from '../config';
import { Candidate, chooseAssessors } from './allocation';

const ALLOCATABLE = ['awaiting-allocation', 'in-assessment'];
const ALLOCATION_LOCK = 7_313_301;

/**
 * The case (locked), who is or was on it, and the candidates: assessors on the programme's panel or
 * on no particular panel, with their open cases and declared conflicts.
 */
const ALLOCATION_STATE_SQL = `
  select c.*,
    (select coalesce(json_agg(json_build_object('assessor_id', x.assessor_id, 'status', x.status)), '[]') from allocations x where x.case_id = c.id) as involved,
    (select coalesce(json_agg(json_build_object(
        'id', a.id, 'name', a.name, 'email', a.email, 'sectors', a.sectors, 'capacity', a.capacity,
        'openCases', (select count(*)::int from allocations x where x.assessor_id = a.id and x.status = 'allocated'),
        'conflicts', coalesce((select json_agg(json_build_object('kind', k.kind, 'value', k.value)) from assessor_conflicts k where k.assessor_id = a.id), '[]'))), '[]')
     from assessors a where cardinality(a.programme_ids) = 0 or c.programme_id = any(a.programme_ids)) as candidates
  from cases c where c.id = $1
  for update of c`;

/** The allocation's writes: the chosen assessors' allocations, the case's status, its events and history rows. */
const ALLOCATE_SQL = `
  with placed as (
    insert into allocations (case_id, assessor_id, status, due_at) select $1::uuid, chosen, 'allocated', $3::timestamptz from unnest($2::text[]) as chosen
  ), moved as (
    update cases set status = $4::text, blocked_reason = $5::text, updated_at = now() where id = $1::uuid
  ), events as (
    insert into outbox_messages (event_id, topic, message_key, envelope) select * from unnest($6::uuid[], $7::text[], $8::text[], $9::jsonb[])
  )
  insert into audit_trail (${AUDIT_COLUMNS}) select * from unnest($10::text[], $11::text[], $12::uuid[], $13::text[], $14::text[], $15::jsonb[])`;

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
   * serialised). A shortfall flags the case to officers, once, with the reason. Three round trips
   * hold the allocation lock: the lock, one read (the case locked, who is on it and the candidates
   * with their load) and one statement writing the allocations, the case's status, events and history.
   */
  async allocate(m: EntityManager, caseId: string, actor: string): Promise<Case> {
    await lockAllocation(m);
    const [row] = await m.query(ALLOCATION_STATE_SQL, [caseId]);
    if (!row) throw DomainError.notFound('Case', caseId);
    const c = caseOf(row);
    if (!ALLOCATABLE.includes(c.status)) return c;
    const involved: { assessor_id: string; status: string }[] = row.involved;
    const candidates: (Candidate & { name: string; email: string })[] = row.candidates;
    const active = involved.filter((a) => a.status === 'allocated' || a.status === 'submitted').length;
    const needed = assessorsWanted(c) - active;
    const choice = needed > 0 ? chooseAssessors(c, candidates, needed, new Set(involved.map((a) => a.assessor_id))) : { chosen: [] };
    const chosen = candidates.filter((a) => choice.chosen.includes(a.id)).sort((a, b) => (a.id < b.id ? -1 : 1));
    const dueAt = new Date(Date.now() + this.config.ASSESSMENT_DAYS * 86_400_000);
    const shortfall = 'shortfall' in choice ? choice.shortfall : undefined;
    const status = shortfall ? 'awaiting-allocation' : 'in-assessment';

    const events: EventToWrite[] = [];
    const history: AuditEntry[] = [];
    if (chosen.length > 0) {
      events.push({
        contract: CaseAssessorsAllocated,
        subject: caseId,
        data: { ...caseRef(c), assessors: chosen.map((a) => ({ assessorId: a.id, name: a.name, email: a.email })), dueAt: dueAt.toISOString() },
      });
      history.push({ subjectType: 'case', subjectId: caseId, caseId, action: 'assessors-allocated', actor, details: { assessors: choice.chosen } });
    }
    if (shortfall && c.blockedReason === null) {
      events.push({
        contract: CaseAllocationBlocked,
        subject: caseId,
        data: { ...caseRef(c), reason: shortfall, assessorsNeeded: assessorsWanted(c), assessorsAllocated: active + chosen.length, flaggedAt: new Date().toISOString() },
      });
      history.push({ subjectType: 'case', subjectId: caseId, caseId, action: 'allocation-blocked', actor, details: { reason: shortfall } });
    }
    await this.events.publishAllFrom(m, events, (rows) =>
      m.query(ALLOCATE_SQL, [caseId, chosen.map((a) => a.id), dueAt, status, shortfall ?? null, ...outboxColumns(rows), ...auditColumns(history)]),
    );
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
}
