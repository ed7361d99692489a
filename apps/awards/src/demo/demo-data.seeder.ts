import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthenticatedUser } from '@mutuals/auth';
import { AssessmentsService } from '../assessments/assessments.service';
import { EMPTY_DOSSIER } from '../dossier/dossier';
import { DEFAULT_ASSESSMENT } from '../assessments/scoring';
import { AssessorsService } from '../assessors/assessors.service';
import { AwardsService } from '../awards/awards.service';
import { CaseIntakeService } from '../cases/case-intake.service';
import { AwardsConfig } from '../config';
import { DecisionsService } from '../decisions/decisions.service';

const FUND_ID = '0b7d8a52-5b7e-4f7e-9f55-2f0c6f1d9a01';
const FUND_NAME = 'Mutuals Interim Support Fund (demo)';
const officer: AuthenticatedUser = { id: 'officer-sam', roles: ['programme_officer'], name: 'Sam Okafor' };
const secondOfficer: AuthenticatedUser = { id: 'officer-ruth', roles: ['programme_officer'], name: 'Ruth Ellis' };

const ASSESSORS = [
  { id: 'assessor-priya', name: 'Priya Shah', sectors: ['adult-social-care', 'health'], conflicts: [{ kind: 'parent-body' as const, value: 'Kensington and Chelsea Council' }] },
  { id: 'assessor-tom', name: 'Tom Reid', sectors: ['youth', 'leisure'], conflicts: [] },
  { id: 'assessor-meera', name: 'Meera Patel', sectors: ['health', 'community-services'], conflicts: [] },
  { id: 'assessor-gareth', name: 'Gareth Hughes', sectors: ['libraries', 'culture', 'school-support'], conflicts: [] },
];

/** [organisation, parent body, sector, region, asked (pence), assessor scores, how far it goes] */
const CASES: [string, string, string, string, number, [number, number, number][], 'scored' | 'moderated' | 'paid' | 'offered' | 'open'][] = [
  ['Your Healthcare CIC', 'Kingston Hospital NHS Trust', 'health', 'london', 5_585_200, [[5, 4, 4], [4, 4, 4]], 'paid'],
  ['Epic CIC', 'Kensington and Chelsea Council', 'youth', 'london', 1_892_700, [[4, 4, 3], [4, 3, 3]], 'paid'],
  ['3BM', 'Bristol City Council', 'school-support', 'south-west', 2_500_000, [[5, 3, 4], [2, 2, 1]], 'moderated'],
  ['Libraries Unlimited', 'Devon County Council', 'libraries', 'south-west', 1_000_000, [[3, 4, 4], [4, 4, 3]], 'offered'],
  ['Leisure Trust Partnership', 'Wakefield Council', 'leisure', 'yorkshire', 2_200_000, [[3, 3, 3], [3, 2, 3]], 'scored'],
  ['Care Mutual North', 'Cumbria County Council', 'adult-social-care', 'north-west', 2_400_000, [], 'open'],
];

/** A support fund mid-assessment: scored and moderated cases, decisions, offers and awards with payments. */
@Injectable()
export class DemoDataSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoData');

  constructor(
    private readonly dataSource: DataSource,
    private readonly intake: CaseIntakeService,
    private readonly assessors: AssessorsService,
    private readonly assessments: AssessmentsService,
    private readonly decisions: DecisionsService,
    private readonly awards: AwardsService,
    @Inject(AwardsConfig) private readonly config: AwardsConfig,
  ) {}

  async onApplicationBootstrap() {
    if (!this.config.DEMO_DATA) return;
    const [seeded] = await this.dataSource.query(`select 1 from cases where reference like 'DEMO-%' limit 1`);
    if (seeded) return;
    await this.seed();
    this.logger.log({ msg: 'demo data seeded', cases: CASES.length });
  }

  private async seed() {
    // The local copy of the fund's settings, as FundPublished from the applications service would leave it
    // (replacing the placeholder a case may have created before the settings arrived).
    await this.dataSource.query(
      `insert into programmes (id, kind, name, budget_pence, revision) values ($1, 'fund', $2, 20000000, 1)
       on conflict (id) do update set kind = 'fund', name = excluded.name, budget_pence = excluded.budget_pence, revision = 1 where programmes.revision = 0`,
      [FUND_ID, FUND_NAME],
    );
    await this.dataSource.query(
      `insert into schemes (id, programme_id, name, max_award_pence, assessment, revision) values ($1, $1, $2, 10000000, $3, 1)
       on conflict (id) do update set name = excluded.name, max_award_pence = excluded.max_award_pence, assessment = excluded.assessment, revision = 1
       where schemes.assessment is null`,
      [FUND_ID, FUND_NAME, JSON.stringify(DEFAULT_ASSESSMENT)],
    );
    for (const a of ASSESSORS) {
      await this.assessors.register(officer, a.id, { name: a.name, email: `${a.id.replace('assessor-', '')}@assessors.example.org`, sectors: a.sectors, capacity: 4, conflicts: a.conflicts });
    }
    for (const [index, [organisationName, parentBody, sector, region, asked, scores, stage]] of CASES.entries()) {
      const sourceId = `d0000000-0000-4000-8000-00000000000${index + 1}`;
      const applicantId = `applicant-demo-${index + 1}`;
      await this.dataSource.transaction((m) =>
        this.intake.open(m, {
          source: 'application',
          sourceId,
          reference: `DEMO-2026-00000${index + 1}`,
          programmeId: FUND_ID,
          programmeKind: 'fund',
          schemeId: FUND_ID,
          applicantId,
          organisationCode: null,
          authorityCodes: [],
          organisationName,
          parentBody,
          title: `Spin-out support for ${organisationName}`,
          sector,
          region,
          contact: { name: `Lead at ${organisationName}`, email: `lead@${organisationName.toLowerCase().replace(/[^a-z0-9]+/g, '')}.example.org` },
          amountRequestedPence: asked,
          maxAwardPence: null,
          dossier: {
            ...EMPTY_DOSSIER,
            answers: [
              { questionId: 'need', question: 'What support do you need, and why now?', answer: `${organisationName} needs legal, pensions and business-planning advice to leave ${parentBody} as a staff-led mutual.` },
              { questionId: 'parent-body', question: 'How does your parent body support the spin-out?', answer: `${parentBody} has backed the options appraisal and agreed to a contract for the first years of trading.` },
            ],
            eligibility: { outcome: 'eligible', notes: ["Met the fund's eligibility rules when submitted"], checkedBy: 'automatic', checkedAt: '2026-04-01T09:00:00.000Z' },
          },
        }),
      );
      if (stage === 'open') continue;
      const [{ id: caseId }] = await this.dataSource.query(`select id from cases where source_id = $1`, [sourceId]);
      const allocated: { assessor_id: string }[] = await this.dataSource.query(`select assessor_id from allocations where case_id = $1 and status = 'allocated' order by assessor_id`, [caseId]);
      for (const [i, { assessor_id }] of allocated.entries()) {
        const [need, deliverability, value] = scores[i];
        await this.assessments.submit({ id: assessor_id, roles: ['assessor'] }, caseId, {
          scores: [
            { criterionId: 'need', score: need, comment: 'Evidence of need from the staff survey and the parent body' },
            { criterionId: 'deliverability', score: deliverability, comment: 'Named advisers and a credible timetable' },
            { criterionId: 'value', score: value, comment: 'Day rates in line with the framework' },
          ],
          recommendation: need >= 3 ? 'fund' : 'do-not-fund',
        });
      }
      if (stage === 'scored') continue;
      if (stage === 'moderated') {
        await this.assessments.moderate(officer, caseId, { agreedScore: 64, reason: 'Agreed at panel: strong need, delivery plan needs conditions' });
        continue;
      }
      const applicant: AuthenticatedUser = { id: applicantId, roles: ['applicant'] };
      await this.decisions.decide(officer, caseId, { outcome: 'approved', amountPence: asked, reason: 'Above the funding line' });
      if (asked > 10_000_000) await this.decisions.confirm(secondOfficer, caseId, { reason: 'Second approval' });
      await this.decisions.checkDueDiligence(officer, caseId, { recipientOrgIdentifier: `GB-COH-0${7000000 + index}`, subsidyDeclaredPence: 0 });
      const award = await this.awards.offer(officer, caseId, {
        conditions: ['Spend only on the advisers named in the application', 'Report on outcomes after six months'],
        expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      });
      if (stage === 'offered') continue;
      await this.awards.respond(applicant, award.id, 'accepted');
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
}
