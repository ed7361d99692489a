import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuthenticatedUser, hasRole } from '@mutuals/auth';
import { EventContract, OrganisationDetailsV1, OrganisationRegistered, OrganisationUpdated } from '@mutuals/contracts';
import { DomainError, ownershipProblem } from '@mutuals/domain';
import { offsetOf, Page, PageQuery } from '@mutuals/http';
import { EventPublisher } from '@mutuals/messaging';
import { isUniqueViolation } from '@mutuals/persistence';
import { AuditTrail } from '../audit/audit-trail';
import { RegisterOrganisationDto, UpdateOrganisationDto } from './organisation.dto';
import { OrganisationEntity, OrganisationMemberEntity } from './organisation.entity';

const isOfficer = (user: AuthenticatedUser) => hasRole(user, 'programme_officer');

@Injectable()
export class OrganisationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventPublisher,
    private readonly audit: AuditTrail,
  ) {}

  /** The organisation an applicant acts for: the one in their token, or else the one they registered. */
  async organisationIdOf(user: AuthenticatedUser, manager: EntityManager = this.dataSource.manager): Promise<string | undefined> {
    if (user.organisationId) return user.organisationId;
    const member = await manager.findOne(OrganisationMemberEntity, { where: { userId: user.id } });
    return member?.organisationId;
  }

  async register(user: AuthenticatedUser, input: RegisterOrganisationDto): Promise<OrganisationEntity> {
    assertOwnership(input);
    try {
      return await this.dataSource.transaction(async (m) => {
        const existing = await this.organisationIdOf(user, m);
        if (existing && (await m.exists(OrganisationEntity, { where: { id: existing } }))) {
          throw new DomainError('conflict', 'organisation-already-registered', 'Your organisation is already registered; change its details instead', { organisationId: existing });
        }
        const organisation = m.create(OrganisationEntity, {
          ...emptyOptionalFields(),
          ...withoutUndefined(input),
          id: user.organisationId ?? randomUUID(),
          servicesInScope: input.servicesInScope ?? [],
          registeredBy: user.id,
        });
        const saved = await m.save(organisation);
        if (!user.organisationId) await m.insert(OrganisationMemberEntity, { userId: user.id, organisationId: saved.id });
        await this.audit.record(m, { subjectType: 'organisation', subjectId: saved.id, action: 'registered', to: saved.spinOutStage, actor: actorOf(user) });
        await this.publish(m, OrganisationRegistered, saved);
        return saved;
      });
    } catch (err) {
      // Two registrations racing for the same user: the second finds the membership taken.
      if (isUniqueViolation(err)) throw new DomainError('conflict', 'organisation-already-registered', 'Your organisation is already registered');
      throw err;
    }
  }

  async get(user: AuthenticatedUser, id: string, manager: EntityManager = this.dataSource.manager, forUpdate = false): Promise<OrganisationEntity> {
    const organisation = await manager.findOne(OrganisationEntity, { where: { id }, ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    // Another organisation's record is "not found", so its existence is not disclosed.
    if (!organisation || (!isOfficer(user) && (await this.organisationIdOf(user, manager)) !== id)) {
      throw DomainError.notFound('Organisation', id);
    }
    return organisation;
  }

  /** A page of organisations by name (the id breaks ties): every one for officers, else the user's own. */
  async list(user: AuthenticatedUser, query: PageQuery): Promise<Page<OrganisationEntity>> {
    const { offset, limit, page, pageSize } = offsetOf(query);
    const id = isOfficer(user) ? undefined : await this.organisationIdOf(user);
    if (!isOfficer(user) && !id) return { items: [], page, pageSize, total: 0 };
    const [items, total] = await this.dataSource.manager.findAndCount(OrganisationEntity, { where: id ? { id } : {}, order: { name: 'ASC', id: 'ASC' }, skip: offset, take: limit });
    return { items, page, pageSize, total };
  }

  async update(user: AuthenticatedUser, id: string, input: UpdateOrganisationDto): Promise<OrganisationEntity> {
    return this.dataSource.transaction(async (m) => {
      const organisation = await this.get(user, id, m, true);
      if (organisation.version !== input.version) {
        throw new DomainError('conflict', 'stale-version', `This organisation has changed since you read it (version ${organisation.version}, you sent ${input.version}); reload it and try again`, {
          currentVersion: organisation.version,
        });
      }
      const { version: _version, ...changes } = input;
      const stageBefore = organisation.spinOutStage;
      Object.assign(organisation, nullForCleared(changes), { servicesInScope: changes.servicesInScope ?? organisation.servicesInScope });
      assertOwnership(organisation);
      const saved = await m.save(organisation);
      await this.audit.record(m, {
        subjectType: 'organisation',
        subjectId: id,
        action: 'updated',
        from: stageBefore,
        to: saved.spinOutStage,
        actor: actorOf(user),
        detail: { fields: Object.keys(changes) },
      });
      // Drafts show the organisation as it is now; submitted applications keep what was submitted.
      await m.query(
        `update applications set organisation_name = $2, parent_body = $3, sector = $4, region = $5, spin_out_stage = $6
         where organisation_id = $1 and status = 'draft'`,
        [id, saved.name, saved.parentBody, saved.sector, saved.region, saved.spinOutStage],
      );
      await this.publish(m, OrganisationUpdated, saved);
      return saved;
    });
  }

  private async publish(manager: EntityManager, contract: EventContract<OrganisationDetailsV1>, o: OrganisationEntity): Promise<void> {
    await this.events.publish(manager, contract, o.id, {
      organisationId: o.id,
      name: o.name,
      type: o.type,
      legalForm: o.legalForm,
      parentBody: o.parentBody ?? undefined,
      sector: o.sector ?? undefined,
      region: o.region ?? undefined,
      spinOutStage: o.spinOutStage ?? undefined,
      companiesHouseNumber: o.companiesHouseNumber ?? undefined,
      servicesInScope: o.servicesInScope,
      employeeSharePercent: o.employeeSharePercent ?? undefined,
      revision: o.version,
      changedAt: o.updatedAt.toISOString(),
    });
  }
}

export function actorOf(user: AuthenticatedUser) {
  return { id: user.id, name: user.name ?? null };
}

function assertOwnership(shares: { employeeSharePercent?: number | null; parentBodySharePercent?: number | null; partnerSharePercent?: number | null }): void {
  const problem = ownershipProblem({
    employeeSharePercent: shares.employeeSharePercent ?? null,
    parentBodySharePercent: shares.parentBodySharePercent ?? null,
    partnerSharePercent: shares.partnerSharePercent ?? null,
  });
  if (problem) throw new DomainError('unprocessable', 'ownership-over-100', problem);
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** In a partial update an explicit null clears a field (class-validator treats it as absent). */
function nullForCleared<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined).map(([k, v]) => [k, v ?? null])) as Partial<T>;
}

function emptyOptionalFields(): Partial<OrganisationEntity> {
  return {
    companiesHouseNumber: null,
    charityNumber: null,
    societyNumber: null,
    parentBody: null,
    sector: null,
    region: null,
    staffCount: null,
    spinOutStage: null,
    employeeSharePercent: null,
    parentBodySharePercent: null,
    partnerSharePercent: null,
    tradingStartDate: null,
    stillOnOriginalContract: null,
    seniorSponsor: null,
    projectLead: null,
  };
}
