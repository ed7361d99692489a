/**
 * A bid programme set up through the services' APIs, as officers and councils would: the programme
 * and its rounds in intake, councils' draft bids, and the assessors' panel in awards.
 */
const http = require('node:http');
const path = require('node:path');
const { ROOT, benchUser, call, must, inParallel, waitUntil } = require('./common');

let councilUsers;
/** Today's English councils from the register (the built copy the services use), read when first needed: bids name real authorities. */
function councils() {
  if (!councilUsers) {
    const { localAuthorities } = require(path.join(ROOT, 'dist/apps/intake/libs/domain/src/local-authorities/local-authorities.js'));
    councilUsers = localAuthorities.on(new Date()).map((a) => council(a.code));
  }
  return councilUsers;
}
/** One live bid per authority in a round: more bids than councils take more rounds. */
const councilsPerRound = () => councils().length;
const SECTOR = 'youth';
const ASSESSORS_PER_CASE = 2;

const roundSettings = (name, opensAt, closesAt) => ({
  name,
  referencePrefix: 'BEN',
  opensAt: opensAt.toISOString(),
  closesAt: closesAt.toISOString(),
  maxAwardPence: 10_000_000,
  places: 10,
  eligibility: { englishLocalAuthoritiesOnly: true, jointBidsAllowed: true, maxPartners: 3 },
  questions: [{ id: 'vision', text: 'What will you deliver differently?', wordLimit: 50, required: true }],
  assessment: {
    criteria: [
      { id: 'ambition', name: 'Ambition and scale of change', weight: 60 },
      { id: 'readiness', name: 'Readiness to deliver', weight: 40 },
    ],
    scaleMax: 5,
    assessorsPerCase: ASSESSORS_PER_CASE,
    moderationThreshold: 20,
  },
});

const bidContent = {
  sector: SECTOR,
  title: 'A staff-led mutual for youth services',
  amountRequestedPence: 9_500_000,
  answers: [{ questionId: 'vision', text: 'Our youth service becomes a mutual owned by its staff.' }],
};

const council = (code) => benchUser({ subject: `council-${code}`, roles: ['applicant'], org: code, name: `Officer at ${code}`, email: `bids@${code.toLowerCase()}.example.gov.uk` });

/** A time `seconds` from now, to the whole second (rounds are set to the second). */
const wholeSecondsFromNow = (seconds) => new Date(Math.floor(Date.now() / 1000) * 1000 + seconds * 1000);

class BidProgramme {
  /** `services` from startServices (intake and awards running); `awardsDb` a client on awards' database. */
  constructor(services, awardsDb, label) {
    this.services = services;
    this.awardsDb = awardsDb;
    this.label = label;
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
    this.officer = benchUser({ subject: `bench-officer-${label}`, roles: ['programme_officer'] });
    this.rounds = [];
  }

  intake(method, route, body) {
    return must(this.agent, this.services.url('intake'), method, route, this.officer.token, body);
  }

  awards(method, route, body) {
    return must(this.agent, this.services.url('awards'), method, route, this.officer.token, body);
  }

  async create(budgetPence) {
    const code = `BENCH-${this.label.toUpperCase().replace(/[^A-Z0-9]+/g, '-')}-${Date.now().toString(36).toUpperCase()}`;
    const programme = await this.intake('POST', '/programmes', {
      code,
      title: `Bench programme (${this.label})`,
      departments: ['Cabinet Office'],
      budgetPence,
      legalPower: 'Section 31 of the Local Government Act 2003',
      grantsSchemeReference: 'GGIS-BENCH-1',
      seniorResponsibleOfficer: 'Director, Public Service Transformation',
    });
    this.programmeId = programme.id;
    this.budgetPence = budgetPence;
    return programme.id;
  }

  /** Enough rounds for `bids` bids, opening in a second and closing at `closesAt`; resolves once they are open. */
  async openRounds(bids, closesAt) {
    const count = Math.ceil(bids / councilsPerRound());
    for (let i = 0; i < count; i += 1) {
      const round = await this.intake('POST', `/programmes/${this.programmeId}/rounds`, roundSettings(`Bench round ${i + 1} (${this.label})`, wholeSecondsFromNow(1), closesAt));
      await this.intake('POST', `/rounds/${round.id}/status`, { status: 'scheduled' });
      this.rounds.push(round.id);
    }
    for (const id of this.rounds) {
      await waitUntil(async () => (await this.intake('GET', `/rounds/${id}`)).status === 'open', { timeoutMs: 30000, what: `round ${id} to open` });
    }
    return this.rounds;
  }

  /** Each council's draft in each round, as councils write them ahead of the deadline: [{ bidId, user }]. */
  async drafts(bids) {
    const tasks = [];
    for (let i = 0; i < bids; i += 1) {
      const roundId = this.rounds[Math.floor(i / councilsPerRound())];
      const user = councils()[i % councilsPerRound()];
      tasks.push(async () => ({ bidId: (await must(this.agent, this.services.url('intake'), 'POST', `/rounds/${roundId}/bids`, user.token, bidContent)).id, user }));
    }
    return inParallel(tasks, 16);
  }

  /** A panel for this programme with room for `cases` cases (each takes ASSESSORS_PER_CASE of them). */
  async panel(cases, capacity = 200) {
    const count = Math.max(ASSESSORS_PER_CASE + 1, Math.ceil((cases * ASSESSORS_PER_CASE) / capacity) + 1);
    for (let i = 0; i < count; i += 1) {
      const id = `assessor-${this.label}-${i + 1}`;
      await this.awards('PUT', `/assessors/${id}`, {
        name: `Assessor ${i + 1}`, email: `${id}@assessors.example.org`, sectors: [SECTOR], programmeIds: [this.programmeId], capacity, conflicts: [],
      });
    }
    return count;
  }

  /** Until awards holds the programme's budget and every round's assessment settings (they travel on intake's topics). */
  async settingsInAwards() {
    await waitUntil(
      async () => {
        const { rows } = await this.awardsDb.query(
          `select count(*)::int as n from schemes s join programmes p on p.id = s.programme_id
           where s.id = any($1::uuid[]) and s.assessment is not null and p.budget_pence = $2`,
          [this.rounds, this.budgetPence],
        );
        return rows[0].n === this.rounds.length;
      },
      { timeoutMs: 60000, what: 'the programme and round settings in awards' },
    );
  }

  submit(draft, url = this.services.url('intake')) {
    return call(this.agent, url, 'POST', `/bids/${draft.bidId}/submit`, draft.user.token);
  }

  close() {
    this.agent.destroy();
  }
}

/**
 * Waits until every bid is screened in intake, cased and allocated in awards, and (with
 * `notificationsDb`) its receipt and its assessors' emails are sent.
 */
async function waitForBidsThrough({ bidIds, intakeDb, awardsDb, notificationsDb, timeoutMs }) {
  await waitUntil(
    async () => {
      const screened = (await intakeDb.query('select count(*)::int as n from bids where id = any($1::uuid[]) and screened_at is not null', [bidIds])).rows[0].n;
      const allocated = (
        await awardsDb.query(
          `select count(*)::int as n from allocations a join cases c on c.id = a.case_id
           where c.source = 'bid' and c.source_id = any($1::uuid[]) and a.status = 'allocated'`,
          [bidIds],
        )
      ).rows[0].n;
      let emails = bidIds.length * (1 + ASSESSORS_PER_CASE);
      if (notificationsDb) {
        emails = (
          await notificationsDb.query(
            `select count(*)::int as n from deliveries where subject_id = any($1::text[]) and template_id in ('bid-received', 'assessor-allocated') and status = 'sent'`,
            [bidIds],
          )
        ).rows[0].n;
      }
      return screened === bidIds.length && allocated === bidIds.length * ASSESSORS_PER_CASE && emails === bidIds.length * (1 + ASSESSORS_PER_CASE);
    },
    { timeoutMs, what: `${bidIds.length} bids screened, cased, allocated${notificationsDb ? ' and emailed' : ''}`, everyMs: 200 },
  );
}

module.exports = { BidProgramme, councilsPerRound, ASSESSORS_PER_CASE, wholeSecondsFromNow, waitForBidsThrough };
