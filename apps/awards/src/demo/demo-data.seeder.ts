import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuthenticatedUser } from '@mutuals/auth';
import { DomainError } from '@mutuals/domain';
import { AssessmentsService } from '../assessments/assessments.service';
import { AssessorsService } from '../assessors/assessors.service';
import { AwardsService } from '../awards/awards.service';
import { AwardsConfig } from '../config';
import { DecisionsService } from '../decisions/decisions.service';
import { SupportInKindService } from '../inkind/support-in-kind.service';
import { TrackingService } from '../programmes/tracking.service';
import { APPLICANT_MUTUALS, DdBid, deliveringDifferentlyOutcome, DemoMutual, demoRegister, demoScores, hashOf } from './demo-register';
import { DemoLink, linkMutuals, writeRegister } from './demo-register.writer';
import { DEMO_SUPPLIERS, deliveredDays, inKindPlan, PACKAGE_PROGRESS, packageLots, PackageProgress } from './demo-suppliers';

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
 * The round's cases arrive from intake's events; the demo decides them once none has arrived for this
 * long. A gap of one poll is not enough on a loaded machine (a consumer rebalancing, a slow start),
 * and a bid decided late would move the funding line the first decisions were made against.
 */
const DD_QUIET_MS = 10_000;
/** A Delivering Differently case still on its way to a decision. */
const UNDECIDED = ['awaiting-allocation', 'in-assessment', 'moderation', 'assessed', 'approval-pending'];
/** The 2014 round's support in kind ran from the autumn to the end of the financial year. */
const DD_SUPPORT = { startOn: '2014-09-01', endOn: '2015-03-31' };
const DELIVERY_SUMMARY: Record<string, string> = {
  legal: 'Advised on the legal form and drafted the articles and the staff transfer agreement',
  finance: 'Built the five-year financial model and tested it with the council',
  'hr-and-pensions': 'Advised on TUPE and the pension admission agreement; met the unions',
  governance: 'Ran the board recruitment and the members’ constitution workshops',
  'business-planning': 'Drafted the business plan with the staff team and the commissioner',
};

/**
 * The awards side of the one demo story. The funds, programmes, rounds, applications and bids come
 * from the applications and intake services' demo data through their events, as they would in use.
 * This registers the assessor panel and the supplier consortium, seeds the register of mutuals as the
 * programme knew it in 2014 (history from before the platform, see demo-register.ts), then moves the
 * cases those events open along: the support fund's planned applications to an offer and a payment,
 * and every eligible bid of Delivering Differently 2014 through assessment to a decision at the
 * funding line, some with support in kind that the suppliers deliver and invoice and the officer
 * pays; then it links the register to those applications, bids, cases and packages.
 * Cases no plan names (the open round's bids, the other applications) are left for people to try.
 * Each step reads the state first, so a restart carries on where it left off.
 */
@Injectable()
export class DemoDataSeeder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DemoData');
  private timer?: NodeJS.Timeout;
  private running = false;
  private lastDdCount = -1;
  private lastDdArrivalAt = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly assessors: AssessorsService,
    private readonly assessments: AssessmentsService,
    private readonly decisions: DecisionsService,
    private readonly awards: AwardsService,
    private readonly tracking: TrackingService,
    private readonly inKind: SupportInKindService,
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
    await this.registerSuppliers();
    const started = Date.now();
    const seeded = await this.dataSource.transaction((m) => this.seedRegister(m));
    if (seeded.mutuals > 0) this.logger.log({ msg: 'demo register of mutuals seeded', ...seeded, ms: Date.now() - started });
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
      await this.progressPackages();
      await this.linkRegister();
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
   * arrived for DD_QUIET_MS, decides them in rank order: approved within the budget, the next
   * few reserve, the rest rejected.
   */
  private async advanceDeliveringDifferently() {
    const cases: { id: string; status: string; programme_id: string; scheme_id: string }[] = await this.dataSource.query(
      `select c.id, c.status, c.programme_id, c.scheme_id from cases c join schemes s on s.id = c.scheme_id where s.name = $1 and c.source = 'bid'`,
      [DD_ROUND],
    );
    if (cases.length === 0) return;
    for (const c of cases.filter((c) => c.status === 'in-assessment')) await this.scoreAllocations(c.id);
    if (cases.length !== this.lastDdCount) {
      this.lastDdCount = cases.length;
      this.lastDdArrivalAt = Date.now();
    }
    const stable = Date.now() - this.lastDdArrivalAt >= DD_QUIET_MS;
    const [{ waiting }] = await this.dataSource.query(
      `select count(*)::int as waiting from cases c where c.scheme_id = $1 and c.status in ('awaiting-allocation', 'in-assessment', 'moderation')`,
      [cases[0].scheme_id],
    );
    if (!stable || waiting > 0) return;
    const ranking = await this.tracking.ranking(cases[0].programme_id, cases[0].scheme_id);
    let reserves = 0;
    for (const r of ranking.cases.filter((r) => r.status === 'assessed')) {
      if (r.aboveFundingLine) {
        await this.approveWithSupport(r);
        if (r.askPence > 10_000_000) await this.decisions.confirm(secondOfficer, r.caseId, { reason: 'Second approval' });
      } else if (reserves < RESERVES) {
        reserves += 1;
        await this.decisions.decide(officer, r.caseId, { outcome: 'reserve', reason: `Ranked ${r.rank}, just below the funding line: funded if money comes back` });
      } else {
        await this.decisions.decide(officer, r.caseId, { outcome: 'rejected', reason: `Ranked ${r.rank}, below the funding line` });
      }
    }
  }

  /**
   * Approves a funded bid, part of it in kind when the plan says so: a framework supplier's days at its
   * day rates, the rest in cash, so the programme commits what was asked either way. A supplier
   * conflicted with the council or out of days is passed over for the next.
   */
  private async approveWithSupport(r: { caseId: string; reference: string; rank: number; askPence: number }) {
    const reason = `Ranked ${r.rank}, above the funding line`;
    const plan = inKindPlan(r.reference);
    for (let i = 0; plan && i < DEMO_SUPPLIERS.length; i += 1) {
      const supplier = DEMO_SUPPLIERS[(plan.supplierIndex + i) % DEMO_SUPPLIERS.length];
      const [found] = await this.dataSource.query('select id from suppliers where company_number = $1', [supplier.companyNumber]);
      if (!found) continue;
      const lots = packageLots(supplier, r.reference, r.askPence);
      const valuePence = lots.reduce((sum, l) => sum + l.days * supplier.lots.find((t) => t.lot === l.lot)!.dayRatePence, 0);
      try {
        await this.decisions.decide(officer, r.caseId, { outcome: 'approved', amountPence: r.askPence - valuePence, inKind: { supplierId: found.id, lots, ...DD_SUPPORT }, reason: `${reason}; support in kind from ${supplier.name}` });
        return;
      } catch (err) {
        if (!(err instanceof DomainError && ['supplier-conflicted', 'supplier-capacity-exceeded'].includes(err.code))) throw err;
      }
    }
    await this.decisions.decide(officer, r.caseId, { outcome: 'approved', amountPence: r.askPence, reason });
  }

  /** The consortium of suppliers, each registered once (known by its company number). */
  private async registerSuppliers() {
    const rows: { company_number: string }[] = await this.dataSource.query('select company_number from suppliers where company_number = any($1)', [DEMO_SUPPLIERS.map((s) => s.companyNumber)]);
    const known = new Set(rows.map((r) => r.company_number));
    for (const supplier of DEMO_SUPPLIERS.filter((s) => !known.has(s.companyNumber))) await this.inKind.saveSupplier(officer, null, supplier);
  }

  /** The register of mutuals as the programme knew it in 2014 (see demo-register.ts); writing it again adds nothing. */
  async seedRegister(m: EntityManager) {
    const { mutuals, enquiries } = demoRegister();
    return writeRegister(m, mutuals, enquiries);
  }

  private readonly packagesDone = new Set<string>();

  /**
   * Takes each Delivering Differently package as far as its plan says: the supplier's delivery
   * reports, its invoice, the officer's payment; each step through the in-kind service, once.
   */
  private async progressPackages() {
    const packages: { id: string; reference: string }[] = await this.dataSource.query(
      `select p.id, c.reference from support_packages p join cases c on c.id = p.case_id join schemes s on s.id = c.scheme_id where s.name = $1 order by c.reference`,
      [DD_ROUND],
    );
    for (const [i, p] of packages.entries()) {
      if (this.packagesDone.has(p.id)) continue;
      await this.progressPackage(p.id, p.reference, PACKAGE_PROGRESS[i % PACKAGE_PROGRESS.length]);
      this.packagesDone.add(p.id);
    }
  }

  private async progressPackage(packageId: string, reference: string, progress: PackageProgress) {
    if (progress === 'awarded') return;
    let view = await this.inKind.get(packageId);
    for (const lot of view.lots.filter((l) => l.daysDelivered === 0)) {
      view = await this.inKind.report(officer, packageId, { lot: lot.lot, daysDelivered: deliveredDays(lot.days, progress), summary: DELIVERY_SUMMARY[lot.lot] });
    }
    if (progress === 'reported') return;
    if (view.invoices.length === 0) {
      const days = view.lots.map((l) => ({ days: deliveredDays(l.days, progress), rate: l.dayRatePence }));
      view = await this.inKind.invoice(officer, packageId, {
        supplierReference: `INV-2015-${reference.replace(/\D/g, '')}`,
        amountPence: days.reduce((sum, d) => sum + d.days * d.rate, 0),
        days: days.reduce((sum, d) => sum + d.days, 0),
      });
    }
    if (progress === 'invoiced') return;
    for (const invoice of view.invoices.filter((i) => i.status === 'submitted')) await this.inKind.pay(officer, packageId, invoice.id);
  }

  private ddLinked = false;
  /** What this process has already linked, so a pass with nothing new writes nothing. */
  private readonly linked = new Set<string>();

  /**
   * Links the register to what the platform knows: the applications demo's organisations to their
   * applications and cases; and once every 2014 bid is decided, each bid to what became of it (a
   * register entry made for it), funded ones to their case as well. Awards and packages of support
   * are reached through the case, so they are not linked themselves.
   */
  private async linkRegister() {
    const fund: { id: string; source_id: string; organisation_name: string }[] = await this.dataSource.query(
      `select c.id, c.source_id, c.organisation_name from cases c where c.source = 'application' and c.organisation_name = any($1)`,
      [Object.keys(APPLICANT_MUTUALS)],
    );
    const fundLinks = fund.flatMap((c): DemoLink[] => {
      const mutualId = APPLICANT_MUTUALS[c.organisation_name];
      return [{ mutualId, kind: 'application', refId: c.source_id }, { mutualId, kind: 'case', refId: c.id }];
    });
    const fresh = fundLinks.filter((l) => !this.linked.has(l.refId));
    if (fresh.length > 0) await this.dataSource.transaction((m) => linkMutuals(m, fresh));
    for (const l of fresh) this.linked.add(l.refId);
    if (!this.ddLinked) this.ddLinked = await this.linkDeliveringDifferently();
  }

  /** What became of each 2014 bid, once all are decided; true when done. */
  async linkDeliveringDifferently(): Promise<boolean> {
    const cases: { case_id: string; bid_id: string; reference: string; status: string; organisation_name: string; sector: string | null; region: string | null }[] =
      await this.dataSource.query(
        `select c.id as case_id, c.source_id as bid_id, c.reference, c.status, c.organisation_name, c.sector, c.region
         from cases c join schemes s on s.id = c.scheme_id
         where s.name = $1 and c.source = 'bid' order by c.reference`,
        [DD_ROUND],
      );
    if (cases.length === 0 || cases.some((c) => UNDECIDED.includes(c.status))) return false;
    const mutuals: DemoMutual[] = [];
    const links: DemoLink[] = [];
    for (const c of cases) {
      const bid: DdBid = { bidId: c.bid_id, caseId: c.case_id, reference: c.reference, status: c.status, organisationName: c.organisation_name, sector: c.sector as DdBid['sector'], region: c.region as DdBid['region'] };
      const outcome = deliveringDifferentlyOutcome(bid);
      if (!outcome) continue;
      mutuals.push(outcome);
      links.push({ mutualId: outcome.id, kind: 'bid', refId: c.bid_id });
      if (c.status === 'approved') links.push({ mutualId: outcome.id, kind: 'case', refId: c.case_id });
    }
    const written = await this.dataSource.transaction((m) => writeRegister(m, mutuals, [], links));
    if (written.mutuals > 0) this.logger.log({ msg: 'Delivering Differently bids linked to what became of them', ...written });
    return true;
  }

  /** Each allocated assessor scores the case alike (so it needs no moderation), from its reference. */
  private async scoreAllocations(caseId: string) {
    const allocated: { assessor_id: string }[] = await this.dataSource.query(`select assessor_id from allocations where case_id = $1 and status = 'allocated' order by assessor_id`, [caseId]);
    if (allocated.length === 0) return;
    const [{ reference, assessment }] = await this.dataSource.query('select c.reference, s.assessment from cases c join schemes s on s.id = c.scheme_id where c.id = $1', [caseId]);
    const criteria: { id: string }[] = assessment?.criteria ?? [];
    const scaleMax: number = assessment?.scaleMax ?? 5;
    const drawn = demoScores(reference, criteria.length, scaleMax);
    for (const { assessor_id } of allocated) {
      const scores = criteria.map((c, i) => ({ criterionId: c.id, score: drawn[i], comment: 'Scored against the published criteria' }));
      const total = scores.reduce((sum, s) => sum + s.score, 0);
      await this.assessments.submit({ id: assessor_id, roles: ['assessor'] }, caseId, {
        scores,
        recommendation: total >= (criteria.length * scaleMax) / 2 ? 'fund' : 'do-not-fund',
      });
    }
  }
}
