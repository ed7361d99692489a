import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuthenticatedUser } from '@mutuals/auth';
import { ProgrammePublished } from '@mutuals/contracts';
import { assertBudgetCoversCommitted, DomainError } from '@mutuals/domain';
import { offsetOf, Page, PageQuery } from '@mutuals/http';
import { EventPublisher } from '@mutuals/messaging';
import { isUniqueViolation } from '@mutuals/persistence';
import { recordChange } from '../audit';
import { ProgrammeCommitments } from './programme-commitments';
import { CreateProgrammeDto, UpdateProgrammeDto } from './programme.dto';
import { ProgrammeEntity } from './programme.entity';

@Injectable()
export class ProgrammesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventPublisher,
    private readonly commitments: ProgrammeCommitments,
  ) {}

  async create(officer: AuthenticatedUser, input: CreateProgrammeDto): Promise<ProgrammeEntity> {
    return this.refuseDuplicateCode(input.code, () =>
      this.dataSource.transaction(async (m) => {
        const programme = await m.save(m.create(ProgrammeEntity, { id: randomUUID(), ...input, revision: 1 }));
        await recordChange(m, { subjectType: 'programme', subjectId: programme.id, action: 'created', actorId: officer.id });
        await this.publish(m, programme);
        return programme;
      }),
    );
  }

  async update(officer: AuthenticatedUser, id: string, input: UpdateProgrammeDto): Promise<ProgrammeEntity> {
    return this.refuseDuplicateCode(input.code, () =>
      this.dataSource.transaction(async (m) => {
        const programme = await m.findOne(ProgrammeEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!programme) throw DomainError.notFound('Programme', id);
        const { reason, ...changes } = input;
        if (changes.budgetPence !== undefined && changes.budgetPence < programme.budgetPence) {
          assertBudgetCoversCommitted(changes.budgetPence, await this.commitments.committedOn(m, id), programme.title);
        }
        Object.assign(programme, changes, { revision: programme.revision + 1 });
        await m.save(programme);
        await recordChange(m, { subjectType: 'programme', subjectId: id, action: 'changed', actorId: officer.id, detail: { ...changes, ...(reason ? { reason } : {}) } });
        await this.publish(m, programme);
        return programme;
      }),
    );
  }

  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<ProgrammeEntity> {
    const programme = await manager.findOne(ProgrammeEntity, { where: { id } });
    if (!programme) throw DomainError.notFound('Programme', id);
    return programme;
  }

  /** A page of programmes, newest first (the id breaks ties). */
  async page(query: Partial<PageQuery>): Promise<Page<ProgrammeEntity>> {
    const { offset, limit, page, pageSize } = offsetOf(query);
    const [items, total] = await this.dataSource.manager.findAndCount(ProgrammeEntity, { order: { createdAt: 'DESC', id: 'ASC' }, skip: offset, take: limit });
    return { items, page, pageSize, total };
  }

  private publish(m: EntityManager, p: ProgrammeEntity) {
    return this.events.publish(m, ProgrammePublished, p.id, {
      programmeId: p.id,
      code: p.code,
      title: p.title,
      departments: p.departments,
      budgetPence: p.budgetPence,
      seniorResponsibleOfficer: p.seniorResponsibleOfficer,
      revision: p.revision,
    });
  }

  private async refuseDuplicateCode<T>(code: string | undefined, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (isUniqueViolation(err)) throw new DomainError('conflict', 'programme-code-taken', `There is already a programme with code ${code}`, { fields: ['code'] });
      throw err;
    }
  }
}
