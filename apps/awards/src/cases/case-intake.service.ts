import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { CaseClosed, CaseCloseReason, CaseOpened, CaseRescreeningRefused, CaseSource } from '@mutuals/contracts';
import { EventPublisher } from '@mutuals/messaging';
import { DEFAULT_ASSESSMENT } from '../assessments/scoring';
import { AllocationService, lockAllocation } from '../assessors/allocation.service';
import { audit } from '../audit/audit-trail';
import { AwardRow, AwardsService } from '../awards/awards.service';
import { SupportInKindService } from '../inkind/support-in-kind.service';
import { MutualsService } from '../mutuals/mutuals.service';
import { AwardsConfig } from '../config';
import { BudgetService, ProgrammeKind } from '../programmes/budget.service';
import { Dossier } from '../dossier/dossier';
import { Case, caseOf, caseRef } from './case';
import { AwardState, rescreeningEffect, rescreeningFlag, withdrawalEffect } from './source-changes';

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
  /** What the assessors read, as submitted. */
  dossier: Dossier;
}

export interface Screening {
  bidId: string;
  outcome: 'eligible' | 'ineligible';
  reasons: string[];
  screenedBy: string;
  screenedAt: string;
}

interface Closure {
  reason: CaseCloseReason;
  closedBy: string;
  detail?: string;
  releasePence: number;
}

/** Advisory-lock namespace of a case's source: its opening, withdrawal and screenings take turns. */
const SOURCE_LOCK = 7_313_302;

/**
 * Serialises everything that happens to one bid's or application's case. A source's events come on
 * one stream, in order, but a replayed dead letter or a legacy per-type topic can bring one of them
 * at the same moment on another partition; without this a withdrawal could look for the case just
 * before its opening commits, find none, and let it open live.
 */
async function lockSource(m: EntityManager, source: CaseSource, sourceId: string): Promise<void> {
  await m.query('select pg_advisory_xact_lock($1, hashtext($2))', [SOURCE_LOCK, `${source}:${sourceId}`]);
}

function awardStateOf(row: AwardRow | undefined): AwardState | undefined {
  return row && { status: row.status, amountPence: Number(row.amount_pence), paidPence: Number(row.paid_pence) };
}

/**
 * Opens cases from other services' events, and closes them when the applicant withdraws or intake
 * screens the bid out, whatever order those events arrive in.
 */
@Injectable()
export class CaseIntakeService {
  constructor(
    private readonly events: EventPublisher,
    private readonly budgets: BudgetService,
    private readonly allocation: AllocationService,
    private readonly awards: AwardsService,
    private readonly inKind: SupportInKindService,
    private readonly mutuals: MutualsService,
    @Inject(AwardsConfig) readonly config: AwardsConfig,
  ) {}

  /**
   * One case per bid or application, however often its event is delivered or republished, and none
   * once it has been withdrawn (the withdrawal may have been handled first).
   */
  async open(m: EntityManager, input: NewCase): Promise<void> {
    await lockSource(m, input.source, input.sourceId);
    const [withdrawn] = await m.query('select 1 from withdrawals where source = $1 and source_id = $2', [input.source, input.sourceId]);
    if (withdrawn) return;
    await this.budgets.ensureProgramme(m, input.programmeId, input.programmeKind, input.schemeId);
    // `for share`: settings arriving at this moment wait for this case to commit and then update it,
    // or have committed and are read here; a case never keeps settings older than its scheme's.
    const [scheme] = await m.query('select assessment from schemes where id = $1 for share', [input.schemeId]);
    const id = randomUUID();
    const inserted = await m.query(
      `insert into cases (id, source, source_id, reference, programme_id, scheme_id, applicant_id, organisation_code, authority_codes,
         organisation_name, parent_body, title, sector, region, contact_name, contact_email, amount_requested_pence, max_award_pence, assessment, dossier, status)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, 'awaiting-allocation')
       on conflict (source, source_id) do nothing
       returning *`,
      [
        id, input.source, input.sourceId, input.reference, input.programmeId, input.schemeId, input.applicantId, input.organisationCode,
        input.authorityCodes, input.organisationName, input.parentBody, input.title, input.sector, input.region, input.contact.name,
        input.contact.email, input.amountRequestedPence, input.maxAwardPence, JSON.stringify(scheme?.assessment ?? DEFAULT_ASSESSMENT),
        JSON.stringify(input.dossier),
      ],
    );
    if (inserted.length === 0) {
      // A newer screening of a bid brings newer notes; an application's dossier never changes once submitted.
      if (input.source === 'bid') await m.query('update cases set dossier = $3 where source = $1 and source_id = $2', [input.source, input.sourceId, JSON.stringify(input.dossier)]);
      return this.reopenIfScreenedOut(m, input);
    }
    const opened = caseOf(inserted[0]);
    await this.events.publish(m, CaseOpened, id, { ...caseRef(opened), organisationName: opened.organisationName, openedAt: opened.openedAt.toISOString() });
    await audit(m, { subjectType: 'case', subjectId: id, caseId: id, action: 'opened', actor: 'system', details: { source: input.source, sourceId: input.sourceId } });
    await this.mutuals.linkOpenedCase(m, opened);
    await this.allocation.allocate(m, id, 'system');
  }

  /**
   * A bid's screening, if it is the newest seen (screenedAt): an eligible one opens its case (or
   * reopens one a previous screening closed), an ineligible one closes it. An older screening arriving
   * late, such as a replayed dead letter, changes nothing.
   */
  async screen(m: EntityManager, screening: Screening, bid: NewCase): Promise<void> {
    await lockSource(m, 'bid', screening.bidId);
    const [newest] = await m.query(
      `insert into bid_screenings (bid_id, outcome, reasons, screened_by, screened_at, programme_id) values ($1, $2, $3, $4, $5, $6)
       on conflict (bid_id) do update set outcome = excluded.outcome, reasons = excluded.reasons, screened_by = excluded.screened_by,
         screened_at = excluded.screened_at, programme_id = excluded.programme_id, recorded_at = now()
       where bid_screenings.screened_at < excluded.screened_at
       returning bid_id`,
      [screening.bidId, screening.outcome, screening.reasons, screening.screenedBy, screening.screenedAt, bid.programmeId],
    );
    if (!newest) return;
    if (screening.outcome === 'eligible') return this.open(m, bid);
    await this.screenedOut(m, screening);
  }

  /** The applicant withdrew: remembered first, so a case that has not opened yet never opens live. */
  async withdraw(m: EntityManager, source: CaseSource, sourceId: string, reason: string | undefined, withdrawnAt: string): Promise<void> {
    await lockSource(m, source, sourceId);
    await m.query(
      `insert into withdrawals (source, source_id, reason, withdrawn_at) values ($1, $2, $3, $4) on conflict do nothing`,
      [source, sourceId, reason ?? null, withdrawnAt],
    );
    const c = await this.caseOfSource(m, source, sourceId);
    const award = c?.status === 'offered' ? await this.awardOf(m, c.id) : undefined;
    const effect = withdrawalEffect(c, awardStateOf(award));
    if (effect.kind === 'close' || effect.kind === 'withdraw-award') await this.inKind.flagWithdrawn(m, c!.id, withdrawnAt);
    switch (effect.kind) {
      case 'no-case':
        return;
      case 'close':
        return this.close(m, c!, { reason: 'withdrawn', closedBy: 'applicant', detail: reason, releasePence: effect.releasePence });
      case 'withdraw-award':
        return this.awards.withdrawForApplicant(m, c!, award!, reason);
      case 'nothing':
        // A withdrawal delivered again after it took effect is no news; anything else is kept in the case's history.
        if (c!.status !== 'withdrawn') await audit(m, { subjectType: 'case', subjectId: c!.id, caseId: c!.id, action: 'withdrawal-noted', actor: 'applicant', details: { why: effect.why, ...(reason ? { reason } : {}) } });
    }
  }

  /** Intake screened the bid ineligible (an officer's override), after its case may have opened. */
  private async screenedOut(m: EntityManager, screening: Screening): Promise<void> {
    const c = await this.caseOfSource(m, 'bid', screening.bidId);
    const award = c?.status === 'offered' ? await this.awardOf(m, c.id) : undefined;
    const effect = rescreeningEffect(c, awardStateOf(award));
    switch (effect.kind) {
      case 'no-case':
        return;
      case 'close':
        return this.close(m, c!, { reason: 'ineligible', closedBy: screening.screenedBy, detail: screening.reasons.join('; ') || undefined, releasePence: 0 });
      case 'refuse-and-flag':
        return this.flagRescreening(m, c!, screening);
      case 'nothing':
        await audit(m, { subjectType: 'case', subjectId: c!.id, caseId: c!.id, action: 'rescreening-noted', actor: screening.screenedBy, details: { why: effect.why, reasons: screening.reasons } });
    }
  }

  /** Closes a case without an award: assessors released, an approval not yet offered freed, and everyone told. */
  private async close(m: EntityManager, c: Case, closure: Closure): Promise<void> {
    const status = closure.reason === 'withdrawn' ? 'withdrawn' : 'ineligible';
    await m.query('update cases set status = $2, updated_at = now() where id = $1', [c.id, status]);
    await m.query(
      `update allocations set status = 'released', released_at = now(), release_reason = $2 where case_id = $1 and status = 'allocated'`,
      [c.id, closure.reason],
    );
    await this.budgets.release(m, c.programmeId, closure.releasePence);
    const closedAt = new Date().toISOString();
    await this.events.publish(m, CaseClosed, c.id, {
      ...caseRef(c),
      reason: closure.reason,
      previousStatus: c.status,
      releasedPence: closure.releasePence,
      ...(closure.detail ? { detail: closure.detail } : {}),
      closedBy: closure.closedBy,
      closedAt,
    });
    await audit(m, {
      subjectType: 'case',
      subjectId: c.id,
      caseId: c.id,
      action: status === 'withdrawn' ? 'withdrawn' : 'closed-ineligible',
      actor: closure.closedBy,
      details: { previousStatus: c.status, releasedPence: closure.releasePence, ...(closure.detail ? { reason: closure.detail } : {}) },
    });
  }

  /** Keeps the decision and asks an officer to resolve it (see rescreeningEffect for why). */
  private async flagRescreening(m: EntityManager, c: Case, screening: Screening): Promise<void> {
    const flaggedReason = rescreeningFlag(screening.screenedBy, screening.screenedAt, screening.reasons, c.status);
    const flaggedAt = new Date();
    await m.query('update cases set flagged_reason = $2, flagged_at = $3, updated_at = now() where id = $1', [c.id, flaggedReason, flaggedAt]);
    await this.events.publish(m, CaseRescreeningRefused, c.id, {
      ...caseRef(c),
      status: c.status,
      screenedBy: screening.screenedBy,
      reasons: screening.reasons,
      screenedAt: screening.screenedAt,
      flaggedReason,
      flaggedAt: flaggedAt.toISOString(),
    });
    await audit(m, { subjectType: 'case', subjectId: c.id, caseId: c.id, action: 'rescreening-refused', actor: screening.screenedBy, details: { status: c.status, reasons: screening.reasons, flaggedReason } });
  }

  /** A newer screening found eligible a bid an earlier one had screened out: its case goes back to assessment. */
  private async reopenIfScreenedOut(m: EntityManager, input: NewCase): Promise<void> {
    if (input.source !== 'bid') return;
    // Allocation takes its lock before any row lock (see lockAllocation), so take it before the case's.
    await lockAllocation(m);
    const [rows] = await m.query(
      `update cases set status = 'awaiting-allocation', blocked_reason = null, updated_at = now() where source = 'bid' and source_id = $1 and status = 'ineligible' returning *`,
      [input.sourceId],
    );
    if (rows.length === 0) return;
    const reopened = caseOf(rows[0]);
    // Those released by the closure never scored it; they become candidates again like anyone else
    // (capacity and conflicts checked anew). The audit trail keeps their first allocation.
    await m.query(`delete from allocations where case_id = $1 and status = 'released' and release_reason = 'ineligible'`, [reopened.id]);
    await this.events.publish(m, CaseOpened, reopened.id, { ...caseRef(reopened), organisationName: reopened.organisationName, openedAt: new Date().toISOString() });
    await audit(m, { subjectType: 'case', subjectId: reopened.id, caseId: reopened.id, action: 'reopened', actor: 'system', details: { sourceId: input.sourceId } });
    await this.allocation.allocate(m, reopened.id, 'system');
  }

  private async caseOfSource(m: EntityManager, source: CaseSource, sourceId: string): Promise<Case | undefined> {
    const [row] = await m.query('select * from cases where source = $1 and source_id = $2 for update', [source, sourceId]);
    return row ? caseOf(row) : undefined;
  }

  private async awardOf(m: EntityManager, caseId: string): Promise<AwardRow | undefined> {
    const [row] = await m.query('select * from awards where case_id = $1 for update', [caseId]);
    return row;
  }
}
