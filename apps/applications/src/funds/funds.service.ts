import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuthenticatedUser, hasRole } from '@mutuals/auth';
import { FundPublished } from '@mutuals/contracts';
import { assertBudgetCoversCommitted, DEFAULT_ELIGIBILITY_RULES, DomainError } from '@mutuals/domain';
import { offsetOf, Page, PageQuery } from '@mutuals/http';
import { EventPublisher } from '@mutuals/messaging';
import { isUniqueViolation } from '@mutuals/persistence';
import { AuditTrail } from '../audit/audit-trail';
import { actorOf } from '../organisations/organisations.service';
import { FundCommitments } from './fund-commitments';
import { CreateFundDto, UpdateFundDto } from './fund.dto';
import { AssessmentSpec, FundEntity, OpeningWindow } from './fund.entity';

export const DEFAULT_ASSESSMENT: AssessmentSpec = {
  criteria: [
    { id: 'need', name: 'Need for support', weight: 40 },
    { id: 'deliverability', name: 'Deliverability', weight: 35 },
    { id: 'value', name: 'Value for money', weight: 25 },
  ],
  scaleMax: 5,
  assessorsPerCase: 2,
  moderationThreshold: 20,
};

const stateOf = (fund: FundEntity) => (fund.open ? 'open' : 'closed');

@Injectable()
export class FundsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventPublisher,
    private readonly audit: AuditTrail,
    private readonly commitments: FundCommitments,
  ) {}

  async create(user: AuthenticatedUser, input: CreateFundDto): Promise<FundEntity> {
    return this.saving(async (m) => {
      const fund = m.create(FundEntity, {
        ...input,
        id: randomUUID(),
        description: input.description ?? '',
        openingWindows: (input.openingWindows ?? []).map(utcWindow),
        eligibility: input.eligibility ?? DEFAULT_ELIGIBILITY_RULES,
        assessment: input.assessment ?? DEFAULT_ASSESSMENT,
      });
      assertConsistent(fund);
      const saved = await m.save(fund);
      await this.audit.record(m, { subjectType: 'fund', subjectId: saved.id, action: 'created', to: stateOf(saved), actor: actorOf(user) });
      await this.publish(m, saved);
      return saved;
    });
  }

  async update(user: AuthenticatedUser, id: string, input: UpdateFundDto): Promise<FundEntity> {
    return this.saving(async (m) => {
      const fund = await m.findOne(FundEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!fund) throw DomainError.notFound('Fund', id);
      if (fund.version !== input.version) {
        throw new DomainError('conflict', 'stale-version', `This fund has changed since you read it (version ${fund.version}, you sent ${input.version}); reload it and try again`, {
          currentVersion: fund.version,
        });
      }
      const { version: _version, reason, ...changes } = input;
      const cleared = Object.entries(changes).filter(([, v]) => v === null).map(([k]) => k);
      if (cleared.length > 0) {
        throw new DomainError('unprocessable', 'field-required', `A fund always has ${cleared.join(', ')}: send a value or leave it out`, { fields: cleared });
      }
      const before = stateOf(fund);
      if (changes.budgetPence !== undefined && changes.budgetPence < fund.budgetPence) {
        assertBudgetCoversCommitted(changes.budgetPence, await this.commitments.committedOn(m, id), fund.name);
      }
      Object.assign(fund, Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)));
      if (changes.openingWindows) fund.openingWindows = changes.openingWindows.map(utcWindow);
      assertConsistent(fund);
      const saved = await m.save(fund);
      await this.audit.record(m, { subjectType: 'fund', subjectId: id, action: 'updated', from: before, to: stateOf(saved), actor: actorOf(user), detail: { fields: Object.keys(changes), ...(reason ? { reason } : {}) } });
      await this.publish(m, saved);
      return saved;
    });
  }

  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<FundEntity> {
    const fund = await manager.findOne(FundEntity, { where: { id } });
    if (!fund) throw DomainError.notFound('Fund', id);
    return fund;
  }

  /** Applicants see the funds they can apply to; officers see every fund. A page by name (the id breaks ties). */
  async page(user: AuthenticatedUser, query: Partial<PageQuery>): Promise<Page<FundEntity>> {
    const { offset, limit, page, pageSize } = offsetOf(query);
    const where = hasRole(user, 'programme_officer') ? {} : { open: true };
    const [items, total] = await this.dataSource.manager.findAndCount(FundEntity, { where, order: { name: 'ASC', id: 'ASC' }, skip: offset, take: limit });
    return { items, page, pageSize, total };
  }

  private async saving(work: (m: EntityManager) => Promise<FundEntity>): Promise<FundEntity> {
    try {
      return await this.dataSource.transaction(work);
    } catch (err) {
      if (isUniqueViolation(err, 'funds_name')) throw new DomainError('conflict', 'fund-name-taken', 'Another fund already has this name', { fields: ['name'] });
      throw err;
    }
  }

  /** Awards keeps the fund's budget and assessment criteria from this event. */
  private async publish(manager: EntityManager, fund: FundEntity): Promise<void> {
    await this.events.publish(manager, FundPublished, fund.id, {
      fundId: fund.id,
      name: fund.name,
      capPerApplicationPence: fund.capPerApplicationPence,
      budgetPence: fund.budgetPence,
      open: fund.open,
      matchFundingRequired: fund.matchFundingRequired,
      assessment: fund.assessment,
      revision: fund.version,
    });
  }
}

/** Stored as canonical UTC ISO strings, however the offset was written. */
function utcWindow(w: OpeningWindow): OpeningWindow {
  return { opensAt: new Date(w.opensAt).toISOString(), closesAt: new Date(w.closesAt).toISOString() };
}

function assertConsistent(fund: FundEntity): void {
  const ids = fund.questions.map((q) => q.id);
  const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (repeated.length > 0) {
    throw new DomainError('unprocessable', 'duplicate-question-id', `Each question needs its own id; repeated: ${[...new Set(repeated)].join(', ')}`, {
      fields: ids.flatMap((id, i) => (repeated.includes(id) ? [`questions.${i}.id`] : [])),
    });
  }
  const weights = fund.assessment.criteria.reduce((sum, c) => sum + c.weight, 0);
  if (weights !== 100) {
    const named = fund.assessment.criteria.map((c) => `${c.name} ${c.weight}`).join(', ');
    throw new DomainError('unprocessable', 'criteria-weights-not-100', `The assessment criteria weights (${named}) add up to ${weights}; they must add up to 100`, {
      fields: fund.assessment.criteria.map((_, i) => `assessment.criteria.${i}.weight`),
    });
  }
  fund.openingWindows.forEach((w, i) => {
    const field = `openingWindows.${i}`;
    if (w.opensAt.slice(19, 23) !== '.000' || w.closesAt.slice(19, 23) !== '.000') {
      throw new DomainError('unprocessable', 'invalid-opening-window', `Opening window ${i + 1} is to the second: leave out fractions of a second`, { fields: [`${field}.opensAt`] });
    }
    if (w.closesAt <= w.opensAt) {
      throw new DomainError('unprocessable', 'invalid-opening-window', `Opening window ${i + 1} must close after it opens`, { fields: [`${field}.closesAt`] });
    }
    const previous = fund.openingWindows[i - 1];
    if (previous && w.opensAt < previous.closesAt) {
      throw new DomainError('unprocessable', 'invalid-opening-window', `Opening window ${i + 1} must open after window ${i} closes`, { fields: [`${field}.opensAt`] });
    }
  });
  if (fund.capPerApplicationPence > fund.budgetPence) {
    throw new DomainError('unprocessable', 'cap-over-budget', 'The cap per application cannot be more than the whole budget', { fields: ['capPerApplicationPence'] });
  }
}
