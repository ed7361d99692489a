import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuthenticatedUser } from '@mutuals/auth';
import { AssessmentsService } from '../assessments/assessments.service';
import { AssessorsService } from '../assessors/assessors.service';
import { AwardsService } from '../awards/awards.service';
import { AwardsConfig } from '../config';
import { DecisionsService } from '../decisions/decisions.service';
import { TrackingService } from '../programmes/tracking.service';

const officer: AuthenticatedUser = { id: 'officer-sam', roles: ['programme_officer'], name: 'Sam Okafor' };
const secondOfficer: AuthenticatedUser = { id: 'officer-ruth', roles: ['programme_officer'], name: 'Ruth Ellis' };

/** The demo personas' panel, and a panel big enough for every eligible bid of Delivering Differently 2014. */
export const DEMO_ASSESSORS = [
  { id: 'assessor-priya', name: 'Priya Shah', sectors: ['adult-social-care', 'health'], capacity: 4, conflicts: [{ kind: 'parent-body' as const, value: 'Kensington and Chelsea Council' }] },
  { id: 'assessor-tom', name: 'Tom Reid', sectors: ['youth', 'leisure'], capacity: 4, conflicts: [] },
  { id: 'assessor-meera', name: 'Meera Patel', sectors: ['health', 'community-services'], capacity: 4, conflicts: [] },
  { id: 'assessor-gareth', name: 'Gareth Hughes', sectors: ['libraries', 'culture', 'school-support'], capacity: 4, conflicts: [] },
  ...[
    ['Aisha Begum', ['adult-social-care', 'childrens-services']],
    ['Ben Carter', ['youth', 'libraries']],
    ['Chloe Evans', ['health', 'facilities-management']],
    ['Daniel Okoro', ['leisure', 'culture']],
    ['Eleanor Grant', ['adult-social-care', 'community-services']],
    ['Farhan Iqbal', ['childrens-services', 'school-support']],
    ['Grace Lloyd', ['libraries', 'culture']],
    ['Harry Singh', ['youth', 'community-services']],
    ['Isla Murray', ['health', 'adult-social-care']],
    ['James Whitfield', ['leisure', 'facilities-management']],
    ['Kate Osei', ['childrens-services', 'youth']],
    ['Liam Doyle', ['community-services', 'libraries']],
  ].map(([name, sectors]) => ({
    id: `assessor-${(name as string).split(' ')[0].toLowerCase()}-dd`,
    name: name as string,
    sectors: sectors as string[],
    capacity: 25,
    conflicts: [],
  })),
];

/** How far each support-fund application from the applications service's demo goes here, by organisation. */
export const FUND_PLAN: Record<string, 'offered' | 'paid'> = {
  '3BM': 'offered',
  'Blackpool youth service staff group': 'paid',
};

export const DD_ROUND = 'Delivering Differently 2014';
const RESERVES = 5;
const POLL_MS = 2_000;

/**
 * The awards side of the one demo story. Nothing here is invented: the funds, programmes, rounds,
 * applications and bids come from the applications and intake services' demo data through their
 * events, as they would in use. This registers the assessor panel, then moves the cases those
 * events open along: the support fund's planned applications to an offer and a payment, and every
 * eligible bid of Delivering Differently 2014 through assessment to a decision at the funding line.
 * Cases no plan names (the open round's bids, the other applications) are left for people to try.
 * Each step reads the case's state first, so a restart carries on where it left off.
 */
@Injectable()
export class DemoDataSeeder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DemoData');
  private timer?: NodeJS.Timeout;
  private running = false;
  private lastDdCount = -1;

  constructor(
    private readonly dataSource: DataSource,
    private readonly assessors: AssessorsService,
    private readonly assessments: AssessmentsService,
    private readonly decisions: DecisionsService,
    private readonly awards: AwardsService,
    private readonly tracking: TrackingService,
    @Inject(AwardsConfig) private readonly config: AwardsConfig,
  ) {}

  async onApplicationBootstrap() {
    if (!this.config.DEMO_DATA) return;
    const [registered] = await this.dataSource.query(`select 1 from assessors where id = $1`, [DEMO_ASSESSORS.at(-1)!.id]);
    if (!registered) {
      for (const a of DEMO_ASSESSORS) {
        await this.assessors.register(officer, a.id, { name: a.name, email: `${a.id.replace('assessor-', '')}@assessors.example.org`, sectors: a.sectors, capacity: a.capacity, conflicts: a.conflicts });
      }
      this.logger.log({ msg: 'demo assessor panel registered', assessors: DEMO_ASSESSORS.length });
    }
    this.timer = setInterval(() => void this.tick(), POLL_MS);
  }

  onApplicationShutdown() {
    if (this.timer) clearInterval(this.timer);
  }

  /** One pass over the demo cases; exposed so tests can drive it. */
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.advanceFundCases();
      await this.advanceDeliveringDifferently();
    } catch (err) {
      this.logger.warn({ msg: 'demo progress will retry', error: (err as Error).message });
    } finally {
      this.running = false;
    }
  }

  private async advanceFundCases() {
    const rows: { id: string; organisation_name: string; status: string; applicant_id: string; amount_requested_pence: string }[] = await this.dataSource.query(
      `select c.id, c.organisation_name, c.status, c.applicant_id, c.amount_requested_pence from cases c
       where c.source = 'application' and c.organisation_name = any($1) and c.status not in ('withdrawn', 'rejected', 'offered')`,
      [Object.keys(FUND_PLAN)],
    );
    for (const c of rows) {
      await this.scoreAllocations(c.id);
      const [now] = await this.dataSource.query('select status from cases where id = $1', [c.id]);
      if (now.status !== 'assessed') continue;
      const asked = Number(c.amount_requested_pence);
      await this.decisions.decide(officer, c.id, { outcome: 'approved', amountPence: asked, reason: 'Above the funding line' });
      if (asked > 10_000_000) await this.decisions.confirm(secondOfficer, c.id, { reason: 'Second approval' });
      await this.decisions.checkDueDiligence(officer, c.id, { recipientOrgIdentifier: `GB-COH-0${7000000 + (hashOf(c.id) % 100000)}`, subsidyDeclaredPence: 0 });
      const award = await this.awards.offer(officer, c.id, {
        conditions: ['Spend only on the advisers named in the application', 'Report on outcomes after six months'],
        expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      });
      if (FUND_PLAN[c.organisation_name] !== 'paid') continue;
      await this.awards.respond({ id: c.applicant_id, roles: ['applicant'] }, award.id, 'accepted');
      const half = Math.floor(asked / 2);
      const scheduled = await this.awards.schedule(officer, award.id, {
        milestones: [
          { name: 'On signing the grant agreement', amountPence: half, dueOn: '2026-06-30' },
          { name: 'On receipt of the business plan', amountPence: asked - half, dueOn: '2026-12-31' },
        ],
      });
      await this.awards.pay(officer, award.id, scheduled.milestones[0].id);
    }
  }

  /**
   * Scores every allocated Delivering Differently bid; once all its bids are scored and no more have
   * arrived since the last pass, decides them in rank order: approved within the budget, the next
   * few reserve, the rest rejected.
   */
  private async advanceDeliveringDifferently() {
    const cases: { id: string; status: string; programme_id: string; scheme_id: string }[] = await this.dataSource.query(
      `select c.id, c.status, c.programme_id, c.scheme_id from cases c join schemes s on s.id = c.scheme_id where s.name = $1 and c.source = 'bid'`,
      [DD_ROUND],
    );
    if (cases.length === 0) return;
    for (const c of cases.filter((c) => c.status === 'in-assessment')) await this.scoreAllocations(c.id);
    const stable = cases.length === this.lastDdCount;
    this.lastDdCount = cases.length;
    const [{ waiting }] = await this.dataSource.query(
      `select count(*)::int as waiting from cases c where c.scheme_id = $1 and c.status in ('awaiting-allocation', 'in-assessment', 'moderation')`,
      [cases[0].scheme_id],
    );
    if (!stable || waiting > 0) return;
    const ranking = await this.tracking.ranking(cases[0].programme_id, cases[0].scheme_id);
    let reserves = 0;
    for (const r of ranking.cases.filter((r) => r.status === 'assessed')) {
      if (r.aboveFundingLine) {
        await this.decisions.decide(officer, r.caseId, { outcome: 'approved', amountPence: r.askPence, reason: `Ranked ${r.rank}, above the funding line` });
        if (r.askPence > 10_000_000) await this.decisions.confirm(secondOfficer, r.caseId, { reason: 'Second approval' });
      } else if (reserves < RESERVES) {
        reserves += 1;
        await this.decisions.decide(officer, r.caseId, { outcome: 'reserve', reason: `Ranked ${r.rank}, just below the funding line: funded if money comes back` });
      } else {
        await this.decisions.decide(officer, r.caseId, { outcome: 'rejected', reason: `Ranked ${r.rank}, below the funding line` });
      }
    }
  }

  /** Each allocated assessor scores the case alike (so it needs no moderation), from its reference. */
  private async scoreAllocations(caseId: string) {
    const allocated: { assessor_id: string }[] = await this.dataSource.query(`select assessor_id from allocations where case_id = $1 and status = 'allocated' order by assessor_id`, [caseId]);
    if (allocated.length === 0) return;
    const [{ reference, assessment }] = await this.dataSource.query('select c.reference, s.assessment from cases c join schemes s on s.id = c.scheme_id where c.id = $1', [caseId]);
    const criteria: { id: string }[] = assessment?.criteria ?? [];
    const scaleMax: number = assessment?.scaleMax ?? 5;
    for (const { assessor_id } of allocated) {
      const scores = criteria.map((c, i) => ({ criterionId: c.id, score: 1 + (hashOf(`${reference}:${i}`) % scaleMax), comment: 'Scored against the published criteria' }));
      const total = scores.reduce((sum, s) => sum + s.score, 0);
      await this.assessments.submit({ id: assessor_id, roles: ['assessor'] }, caseId, {
        scores,
        recommendation: total >= (criteria.length * scaleMax) / 2 ? 'fund' : 'do-not-fund',
      });
    }
  }
}

function hashOf(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}
