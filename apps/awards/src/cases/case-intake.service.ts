import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { CaseOpened, CaseSource } from '@mutuals/contracts';
import { EventPublisher } from '@mutuals/messaging';
import { DEFAULT_ASSESSMENT } from '../assessments/scoring';
import { AllocationService } from '../assessors/allocation.service';
import { audit } from '../audit/audit-trail';
import { AwardsConfig } from '../config';
import { BudgetService, ProgrammeKind } from '../programmes/budget.service';
import { caseRef, caseOf, UNDECIDED } from './case';

export interface NewCase {
  source: CaseSource;
  sourceId: string;
  reference: string;
  programmeId: string;
  programmeKind: ProgrammeKind;
  schemeId: string;
  applicantId: string | null;
  organisationCode: string | null;
  authorityCodes: string[];
  organisationName: string;
  parentBody: string | null;
  title: string;
  sector: string | null;
  region: string | null;
  contact: { name: string; email: string };
  amountRequestedPence: number;
  maxAwardPence: number | null;
}

/** Opens cases from other services' events, and closes them when the applicant withdraws. */
@Injectable()
export class CaseIntakeService {
  constructor(
    private readonly events: EventPublisher,
    private readonly budgets: BudgetService,
    private readonly allocation: AllocationService,
    @Inject(AwardsConfig) readonly config: AwardsConfig,
  ) {}

  /** One case per bid or application, however often its event is delivered or republished. */
  async open(m: EntityManager, input: NewCase): Promise<void> {
    await this.budgets.ensureProgramme(m, input.programmeId, input.programmeKind, input.schemeId);
    const [scheme] = await m.query('select assessment from schemes where id = $1', [input.schemeId]);
    const id = randomUUID();
    const inserted = await m.query(
      `insert into cases (id, source, source_id, reference, programme_id, scheme_id, applicant_id, organisation_code, authority_codes,
         organisation_name, parent_body, title, sector, region, contact_name, contact_email, amount_requested_pence, max_award_pence, assessment, status)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, 'awaiting-allocation')
       on conflict (source, source_id) do nothing
       returning *`,
      [
        id, input.source, input.sourceId, input.reference, input.programmeId, input.schemeId, input.applicantId, input.organisationCode,
        input.authorityCodes, input.organisationName, input.parentBody, input.title, input.sector, input.region, input.contact.name,
        input.contact.email, input.amountRequestedPence, input.maxAwardPence, JSON.stringify(scheme?.assessment ?? DEFAULT_ASSESSMENT),
      ],
    );
    if (inserted.length === 0) return;
    const opened = caseOf(inserted[0]);
    await this.events.publish(m, CaseOpened, id, { ...caseRef(opened), organisationName: opened.organisationName, openedAt: opened.openedAt.toISOString() });
    await audit(m, { subjectType: 'case', subjectId: id, caseId: id, action: 'opened', actor: 'system', details: { source: input.source, sourceId: input.sourceId } });
    await this.allocation.allocate(m, id, 'system');
  }

  /** A withdrawal closes the case while it is undecided, and frees its assessors. */
  async withdraw(m: EntityManager, source: CaseSource, sourceId: string, reason: string | undefined): Promise<void> {
    const [closed] = await m.query(
      `update cases set status = 'withdrawn', updated_at = now() where source = $1 and source_id = $2 and status = any($3) returning id`,
      [source, sourceId, UNDECIDED],
    );
    if (closed.length === 0) return;
    const caseId: string = closed[0].id;
    await m.query(`update allocations set status = 'released', released_at = now(), release_reason = 'withdrawn' where case_id = $1 and status = 'allocated'`, [caseId]);
    await audit(m, { subjectType: 'case', subjectId: caseId, caseId, action: 'withdrawn', actor: 'applicant', details: reason ? { reason } : {} });
  }
}
