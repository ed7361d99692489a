import { createHmac, randomInt, randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { RoundOpened } from '@mutuals/contracts';
import { RunningService, startTestService, testUser } from '@mutuals/testing';
import { awardsService } from '../../awards/src/service';
import { SignedInUser } from '../src/auth/personas';
import { SESSION_COOKIE } from '../src/session/session.middleware';
import { newCsrfToken, SessionStore } from '../src/session/session.store';
import { RunningPortal, startTestPortal } from './portal-harness';

jest.setTimeout(240_000);

const CASES = 2_000;

/**
 * No list is cut short: with 2,000 cases (each with an accepted award) in one programme, the awards
 * API reports 2,000 and pages through every one of them, the 360Giving CSV has a row for each award,
 * and the officer's Cases page says "2,000 cases" and reaches the last of them.
 */
describe('lists of thousands of rows', () => {
  let awards: RunningService<any>;
  let portal: RunningPortal;
  let db: DataSource;
  const officer = testUser('programme_officer');
  const programmeId = randomUUID();
  let caseIds: string[];
  let awardIds: string[];

  beforeAll(async () => {
    awards = await startTestService(awardsService);
    portal = await startTestPortal({ AWARDS_URL: awards.url });
    db = awards.app.get(DataSource);
    // Straight into the awards database: the journeys that make a case are covered elsewhere; this is about counting.
    const schemeId = randomUUID();
    await db.query(`insert into programmes (id, kind, name, budget_pence, revision) values ($1, 'bid-programme', $2, 100000000000, 1)`, [programmeId, `Programme of thousands ${programmeId.slice(0, 6)}`]);
    await db.query(`insert into schemes (id, programme_id, name, max_award_pence, assessment, revision) values ($1, $2, 'Round 1', 20000000, $3, 1)`, [schemeId, programmeId, JSON.stringify(RoundOpened.example.assessment)]);
    caseIds = (
      await db.query(
        `insert into cases (id, source, source_id, reference, programme_id, scheme_id, organisation_name, title, contact_name, contact_email,
           amount_requested_pence, assessment, status, decision, approved_pence)
         select gen_random_uuid(), 'bid', gen_random_uuid(), 'DD-' || lpad(n::text, 6, '0'), $1, $2, 'Council ' || n, 'Project ' || n, 'Alex Morgan', 'alex.morgan@example.org',
           2500000, $3, 'offered', jsonb_build_object('outcome', 'approved', 'amountPence', 2500000, 'reason', 'Above the line', 'decidedBy', 'officer-sam', 'decidedAt', now()), 2500000
         from generate_series(1, ${CASES}) n returning id`,
        [programmeId, schemeId, JSON.stringify(RoundOpened.example.assessment)],
      )
    ).map((r: { id: string }) => r.id);
    awardIds = (
      await db.query(
        `insert into awards (id, case_id, programme_id, amount_pence, conditions, expires_at, status, recipient_org_identifier, offered_by, responded_by, responded_at)
         select gen_random_uuid(), id, programme_id, 2500000, '{}', now() + interval '30 days', 'accepted', $2, 'officer-sam', 'applicant', now()
         from cases where programme_id = $1 returning id`,
        // A company of this run's own: thousands of awards to one recipient take it far past the
        // subsidy limit, so another file's offer to a recipient it shared would be refused.
        [programmeId, `GB-COH-${randomInt(10_000_000, 100_000_000)}`],
      )
    ).map((r: { id: string }) => r.id);
  });

  afterAll(async () => {
    await portal?.close();
    await awards?.close();
  });

  it('the cases API reports the true total and pages through every case once, newest first', async () => {
    const seen: string[] = [];
    let last: { openedAt: string; id: string } | undefined;
    for (let page = 1; ; page++) {
      const res = await request(awards.url).get('/cases').query({ programmeId, page, pageSize: 200 }).set(officer.auth).expect(200);
      expect(res.body).toMatchObject({ page, pageSize: 200, total: CASES });
      for (const c of res.body.items as { id: string; openedAt: string }[]) {
        // Newest first, then by id: a stable order even though every case was opened in the same instant.
        if (last) expect(c.openedAt < last.openedAt || (c.openedAt === last.openedAt && c.id < last.id)).toBe(true);
        last = c;
        seen.push(c.id);
      }
      if (res.body.items.length < 200) break;
    }
    expect(seen).toHaveLength(CASES);
    expect(new Set(seen)).toEqual(new Set(caseIds));

    const defaults = await request(awards.url).get('/cases').query({ programmeId }).set(officer.auth).expect(200);
    expect(defaults.body).toMatchObject({ page: 1, pageSize: 50, total: CASES });
    expect(defaults.body.items).toHaveLength(50);
    const beyond = await request(awards.url).get('/cases').query({ programmeId, page: 41 }).set(officer.auth).expect(200);
    expect(beyond.body).toMatchObject({ items: [], total: CASES });
  });

  it('a page size over the cap is refused with a clear message', async () => {
    const tooBig = await request(awards.url).get('/cases').query({ programmeId, pageSize: 201 }).set(officer.auth).expect(400);
    expect(JSON.stringify(tooBig.body)).toContain('pageSize must be at most 200');
    await request(awards.url).get('/cases').query({ pageSize: 0 }).set(officer.auth).expect(400);
    await request(awards.url).get('/cases').query({ page: 0 }).set(officer.auth).expect(400);
    await request(awards.url).get('/awards').query({ pageSize: 1000 }).set(officer.auth).expect(400);
    await request(awards.url).get('/assessors').query({ pageSize: 1000 }).set(officer.auth).expect(400);
  });

  it('the awards API reports the true total and the sums over every page', async () => {
    const res = await request(awards.url).get('/awards').query({ programmeId, pageSize: 200, page: 10 }).set(officer.auth).expect(200);
    expect(res.body).toMatchObject({ page: 10, pageSize: 200, total: CASES, totals: { awardedPence: CASES * 2_500_000, paidPence: 0, outstandingPence: CASES * 2_500_000 } });
    expect(res.body.items).toHaveLength(200);
  });

  it('the 360Giving CSV export has a row for every award and every package of support in kind', async () => {
    // Every award made, and every package of support in kind (a grant of its value), other files' included.
    const [{ made }] = await db.query(
      `select (select count(*) from awards where status in ('accepted', 'active', 'completed', 'clawed-back') or (status = 'withdrawn' and paid_pence > 0))::int
         + (select count(*) from support_packages)::int as made`,
    );
    const csv = await request(awards.url).get('/exports/360giving.csv').set(officer.auth).buffer(true).expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const [header, ...rows] = csv.text.trimEnd().split('\r\n');
    expect(header).toMatch(/^Identifier,Title,/);
    expect(rows).toHaveLength(made);
    const ids = new Set(rows.map((row) => row.split(',')[0]));
    expect(ids.size).toBe(made);
    for (const id of awardIds) expect(ids.has(`360G-mutuals-${id}`)).toBe(true);
  });

  it("the officer's Cases page shows the true total and its last page is reachable", async () => {
    const cookie = await signedInCookie();
    const first = await request(portal.url).get('/officer/cases').query({ programmeId }).set('Cookie', cookie).expect(200);
    expect(first.text).toContain('2,000 cases.');
    expect(first.text).toContain(`/officer/cases?programmeId=${programmeId}&amp;page=100`); // 20 a page
    const lastPage = await request(portal.url).get('/officer/cases').query({ programmeId, page: 100 }).set('Cookie', cookie).expect(200);
    expect(lastPage.text).toContain('2,000 cases.');
    const shown = [...lastPage.text.matchAll(/href="\/officer\/cases\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
    expect(shown).toHaveLength(20);
    const res = await request(awards.url).get('/cases').query({ programmeId, page: 10, pageSize: 200 }).set(officer.auth).expect(200);
    expect(shown).toEqual(res.body.items.slice(180).map((c: { id: string }) => c.id));
  });

  /** A session the way a sign-in leaves it, for an officer of the test's own making. */
  async function signedInCookie(): Promise<string> {
    const user: SignedInUser = { id: officer.id, persona: 'officer', roles: ['programme_officer'], name: 'Sam Okafor', email: officer.email };
    const id = await portal.app.get(SessionStore).create({ csrfToken: newCsrfToken(), user });
    const signature = createHmac('sha256', portal.config.SESSION_SECRET).update(id).digest('base64').replace(/=+$/, '');
    return `${SESSION_COOKIE}=${encodeURIComponent(`s:${id}.${signature}`)}`;
  }
});
