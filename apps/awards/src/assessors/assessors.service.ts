import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuthenticatedUser } from '@mutuals/auth';
import { AssessorChanged } from '@mutuals/contracts';
import { DomainError } from '@mutuals/domain';
import { EventPublisher } from '@mutuals/messaging';
import { offsetOf, Page, PageQuery } from '@mutuals/http';
import { audit } from '../audit/audit-trail';
import { loadCase } from '../cases/case';
import { conflictWith, normaliseParty } from './allocation';
import { AllocationService, lockAllocation } from './allocation.service';
import { AssessorView, DeclareConflictDto, RegisterAssessorDto, RemoveConflictDto } from './assessor.dto';

@Injectable()
export class AssessorsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly allocation: AllocationService,
    private readonly events: EventPublisher,
  ) {}

  /**
   * Registers an assessor or updates their expertise and capacity; declared conflicts are only
   * ever added, and open allocations that now conflict are replaced. Flagged cases are retried by
   * officers (POST /cases/:id/allocate), who decide which ones new capacity goes to.
   */
  async register(officer: AuthenticatedUser, assessorId: string, input: RegisterAssessorDto): Promise<AssessorView> {
    if (!/^[A-Za-z0-9._@|:-]{1,200}$/.test(assessorId)) {
      throw new DomainError('unprocessable', 'assessor-id-invalid', 'An assessor id is their user id: 1-200 letters, digits and . _ @ | : -');
    }
    await this.dataSource.transaction(async (m) => {
      await lockAllocation(m);
      const [before] = await m.query('select id from assessors where id = $1', [assessorId]);
      await m.query(
        `insert into assessors (id, name, email, sectors, programme_ids, capacity, registered_by) values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (id) do update set name = excluded.name, email = excluded.email, sectors = excluded.sectors,
           programme_ids = excluded.programme_ids, capacity = excluded.capacity`,
        [assessorId, input.name, input.email, input.sectors, input.programmeIds ?? [], input.capacity, officer.id],
      );
      for (const conflict of input.conflicts ?? []) {
        await m.query(`insert into assessor_conflicts (assessor_id, kind, value, reason) values ($1, $2, $3, $4) on conflict do nothing`, [
          assessorId, conflict.kind, normaliseParty(conflict.value), conflict.reason ?? null,
        ]);
      }
      await audit(m, { subjectType: 'assessor', subjectId: assessorId, action: 'registered', actor: officer.id, details: { ...input } });
      await this.releaseConflicted(m, assessorId, officer.id);
      await this.publish(m, assessorId, before ? 'updated' : 'registered', officer.id);
    });
    return (await this.list([assessorId]))[0];
  }

  async get(assessorId: string): Promise<AssessorView> {
    const [assessor] = await this.list([assessorId]);
    if (!assessor) throw DomainError.notFound('Assessor', assessorId);
    return assessor;
  }

  /** A declared conflict taken back by an officer, with the reason kept in the audit trail. */
  async removeConflict(officer: AuthenticatedUser, assessorId: string, input: RemoveConflictDto): Promise<AssessorView> {
    await this.dataSource.transaction(async (m) => {
      await lockAllocation(m);
      const [assessor] = await m.query('select id from assessors where id = $1', [assessorId]);
      if (!assessor) throw DomainError.notFound('Assessor', assessorId);
      const value = normaliseParty(input.value);
      const [, removed]: [unknown, number] = await m.query('delete from assessor_conflicts where assessor_id = $1 and kind = $2 and value = $3', [assessorId, input.kind, value]);
      if (removed === 0) throw new DomainError('unprocessable', 'conflict-not-found', `${assessorId} has declared no ${input.kind} conflict with ${input.value}`, { fields: ['value'] });
      await audit(m, { subjectType: 'assessor', subjectId: assessorId, action: 'conflict-removed', actor: officer.id, details: { kind: input.kind, value, reason: input.reason } });
      await this.publish(m, assessorId, 'conflict-removed', officer.id);
    });
    return this.get(assessorId);
  }

  /** A page of assessors by name (the id breaks ties), with the count of all of them. */
  async page(query: PageQuery): Promise<Page<AssessorView>> {
    const { offset, limit, page, pageSize } = offsetOf(query);
    const [items, [{ total }]] = await Promise.all([this.list(undefined, offset, limit), this.dataSource.query('select count(*)::int as total from assessors')]);
    return { items, page, pageSize, total };
  }

  async list(ids?: string[], offset = 0, limit: number | null = null): Promise<AssessorView[]> {
    const rows = await this.dataSource.query(
      `select a.id, a.name, a.email, a.sectors, a.programme_ids, a.capacity,
         (select count(*)::int from allocations x where x.assessor_id = a.id and x.status = 'allocated') as open_cases,
         coalesce((select json_agg(json_build_object('kind', k.kind, 'value', k.value, 'reason', k.reason) order by k.declared_at) from assessor_conflicts k where k.assessor_id = a.id), '[]') as conflicts
       from assessors a where $1::text[] is null or a.id = any($1) order by a.name, a.id offset $2 limit $3`,
      [ids ?? null, offset, limit],
    );
    return rows.map((r: Record<string, any>) => ({ id: r.id, name: r.name, email: r.email, sectors: r.sectors, programmeIds: r.programme_ids, capacity: r.capacity, openCases: r.open_cases, conflicts: r.conflicts }));
  }

  /** An allocated assessor declares a conflict on a case: they are released and replaced at once. */
  async declareConflict(assessor: AuthenticatedUser, caseId: string, input: DeclareConflictDto): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await lockAllocation(m);
      const [allocation] = await m.query('select status from allocations where case_id = $1 and assessor_id = $2 for update', [caseId, assessor.id]);
      if (!allocation || !['allocated', 'submitted'].includes(allocation.status)) throw DomainError.notFound('Case', caseId);
      if (allocation.status === 'submitted') {
        throw new DomainError('conflict', 'assessment-already-submitted', 'You have already submitted your assessment of this case; ask the programme officer to set it aside');
      }
      const c = await loadCase(m, caseId);
      const party = c.organisationCode && c.source === 'bid' ? { kind: 'authority', value: c.organisationCode } : { kind: 'organisation', value: c.organisationName };
      await m.query(`insert into assessor_conflicts (assessor_id, kind, value, reason) values ($1, $2, $3, $4) on conflict do nothing`, [
        assessor.id, party.kind, normaliseParty(party.value), input.reason,
      ]);
      await this.release(m, caseId, assessor.id, input.reason, assessor.id);
    });
  }

  private async publish(m: EntityManager, assessorId: string, change: 'registered' | 'updated' | 'conflict-removed', changedBy: string): Promise<void> {
    const [a] = await m.query(
      `select name, sectors, programme_ids, capacity, (select count(*)::int from assessor_conflicts k where k.assessor_id = a.id) as conflicts from assessors a where id = $1`,
      [assessorId],
    );
    await this.events.publish(m, AssessorChanged, assessorId, {
      assessorId,
      change,
      name: a.name,
      sectors: a.sectors,
      programmeIds: a.programme_ids,
      capacity: a.capacity,
      declaredConflicts: a.conflicts,
      changedBy,
      changedAt: new Date().toISOString(),
    });
  }

  private async releaseConflicted(m: EntityManager, assessorId: string, actor: string): Promise<void> {
    const open: { case_id: string }[] = await m.query(`select case_id from allocations where assessor_id = $1 and status = 'allocated'`, [assessorId]);
    if (open.length === 0) return;
    const conflicts = await m.query('select kind, value from assessor_conflicts where assessor_id = $1', [assessorId]);
    for (const { case_id } of open) {
      if (conflictWith({ conflicts }, await loadCase(m, case_id))) await this.release(m, case_id, assessorId, 'conflict of interest declared', actor);
    }
  }

  private async release(m: EntityManager, caseId: string, assessorId: string, reason: string, actor: string): Promise<void> {
    await m.query(`update allocations set status = 'conflict', released_at = now(), release_reason = $3 where case_id = $1 and assessor_id = $2`, [caseId, assessorId, reason]);
    await audit(m, { subjectType: 'case', subjectId: caseId, caseId, action: 'conflict-declared', actor, details: { assessorId, reason } });
    await this.allocation.allocate(m, caseId, actor);
  }
}
