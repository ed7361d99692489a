/**
 * The mixed load, through the services' HTTP APIs as people would use them: staff groups register
 * and apply to a fund (a quarter withdraw again once assessment has started), councils bid in a
 * round that closes part-way through (some submit too late, some ask for more than the round
 * allows, a fifth withdraw), assessors score the cases allocated to them, and two officers decide
 * the assessed cases against budgets sized to run out during the load.
 *
 * Each applicant and each council makes one application or bid, so "did my lost request work?" is
 * answered by reading back their own record. What the load believes is only tallied here; the
 * verdict comes from what the services recorded (reconcile.js).
 */
const { randomUUID } = require('node:crypto');
const { person, ServiceApi, Abandoned } = require('./api');
const { authorities } = require('../libs/domain/src/local-authorities/english-local-authorities.json');

/** Today's English councils (317, more than a run's bids), in the register's order. */
const COUNCIL_CODES = authorities.filter((a) => !a.abolished).map((a) => a.code);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pick = (items) => items[Math.floor(Math.random() * items.length)];
const between = (low, high) => low + Math.floor(Math.random() * (high - low + 1));

/** The platform's defaults (apps/awards/src/assessments/scoring.ts), so a case opened before its settings arrive is already right. */
const ASSESSMENT = {
  criteria: [
    { id: 'need', name: 'Need for support', weight: 40 },
    { id: 'deliverability', name: 'Deliverability', weight: 35 },
    { id: 'value', name: 'Value for money', weight: 25 },
  ],
  scaleMax: 5,
  assessorsPerCase: 2,
  moderationThreshold: 20,
};
const FUND_CAP_PENCE = 2_500_000;
const ROUND_MAX_AWARD_PENCE = 10_000_000;
const WITHDRAW_SHARE = { application: 0.25, bid: 0.2 };
const INELIGIBLE_BID_SHARE = 0.15;

class Tally {
  constructor() {
    this.kinds = {};
  }

  add(kind, outcome, uncertain = false) {
    const t = (this.kinds[kind] ??= { done: 0, refused: 0, abandoned: 0, failed: 0, uncertain: 0 });
    t[outcome] += 1;
    if (uncertain) t.uncertain += 1;
  }
}

class Load {
  constructor({ cluster, stats, runId, budgets, log }) {
    const api = (service) => new ServiceApi(service, cluster.portsOf(service), stats);
    this.applications = api('applications');
    this.intake = api('intake');
    this.awards = api('awards');
    this.notifications = api('notifications');
    this.runId = runId;
    this.budgets = budgets;
    this.log = log;
    this.tally = new Tally();
    this.officers = [person('programme_officer', `chaos-officer-1-${runId}`), person('programme_officer', `chaos-officer-2-${runId}`)];
    this.assessors = Array.from({ length: 4 }, (_, i) => person('assessor', `chaos-assessor-${i + 1}-${runId}`));
    /** Applications and bids their applicant will withdraw: officers leave them undecided, so a decision never races a withdrawal. */
    this.toWithdraw = new Set();
    this.flows = new Set();
    this.stopping = false;
    this.counter = 0;
  }

  // ---------------------------------------------------------------- set-up (before any fault)

  /** Contact lists, assessors, a fund and a bid programme, each with a budget sized to run out. */
  async setup() {
    this.contacts = {
      officer: { kind: 'officer', name: 'Chaos officer', email: `chaos-officers-${this.runId}@example.org` },
      councils: [1, 2].map((i) => ({ kind: 'council', name: `Chaos council contact ${i}`, email: `chaos-council-${i}-${this.runId}@example.org`, organisation: `Council ${i}` })),
    };
    for (const contact of [this.contacts.officer, ...this.contacts.councils]) await this.must(this.notifications, 'POST', '/contacts', contact);
    for (const assessor of this.assessors) {
      await this.must(this.awards, 'PUT', `/assessors/${assessor.id}`, { name: assessor.name, email: assessor.email, sectors: ['youth'], capacity: 200 });
    }
    this.fund = await this.must(this.applications, 'POST', '/funds', {
      name: `Chaos Support Fund ${this.runId}`,
      capPerApplicationPence: FUND_CAP_PENCE,
      budgetPence: this.budgets.fundBudgetPence,
      open: true,
      matchFundingRequired: false,
      questions: [{ id: 'need', text: 'What support do you need?', wordLimit: 50, required: true }],
      assessment: ASSESSMENT,
    });
    this.programme = await this.must(this.intake, 'POST', '/programmes', {
      code: `CHAOS-${this.runId}`.toUpperCase(),
      title: 'Delivering Differently (chaos)',
      departments: ['Cabinet Office'],
      budgetPence: this.budgets.programmeBudgetPence,
      legalPower: 'Section 31 of the Local Government Act 2003',
      grantsSchemeReference: 'GGIS-CHAOS-1',
      seniorResponsibleOfficer: 'Director, Public Service Transformation',
    });
    // The load starts on a settled system: awards holds both budgets.
    await this.until('awards to hold both budgets', async () => {
      const officer = this.officers[0];
      const [fund, programme] = await Promise.all([
        this.awards.call('GET', `/programmes/${this.fund.id}`, { user: officer }),
        this.awards.call('GET', `/programmes/${this.programme.id}`, { user: officer }),
      ]);
      return fund.body?.budgetPence === this.budgets.fundBudgetPence && programme.body?.budgetPence === this.budgets.programmeBudgetPence;
    });
  }

  /** A round open from now until `closesAt`, when the scheduler closes it in the middle of the load. */
  async openRound(closesAt) {
    const now = Math.floor(Date.now() / 1000) * 1000;
    this.round = await this.must(this.intake, 'POST', `/programmes/${this.programme.id}/rounds`, {
      name: `Delivering Differently chaos round ${this.runId}`,
      referencePrefix: 'DDC',
      opensAt: new Date(now).toISOString(),
      closesAt: new Date(Math.floor(closesAt / 1000) * 1000).toISOString(),
      maxAwardPence: ROUND_MAX_AWARD_PENCE,
      places: 50,
      eligibility: { englishLocalAuthoritiesOnly: true, jointBidsAllowed: false, maxPartners: 0 },
      questions: [{ id: 'vision', text: 'What will you deliver differently?', wordLimit: 50, required: true }],
      assessment: ASSESSMENT,
    });
    this.roundClosesAt = new Date(this.round.closesAt).getTime();
    await this.must(this.intake, 'POST', `/rounds/${this.round.id}/status`, { status: 'scheduled' });
    await this.until('the round to open', async () => (await this.intake.call('GET', `/rounds/${this.round.id}`, { user: this.officers[0] })).body?.status === 'open');
  }

  async must(api, method, route, body) {
    const res = await api.call(method, route, { user: this.officers[0], body });
    if (res.status >= 300) throw new Error(`set-up ${method} ${api.service}${route}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async until(what, condition, timeoutMs = 60000) {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`set-up: waited ${timeoutMs / 1000}s for ${what}`);
      await sleep(300);
    }
  }

  // ---------------------------------------------------------------- running

  start({ applicantEveryMs, councilEveryMs }) {
    this.loops = [
      this.every(applicantEveryMs, () => this.applicant()),
      this.every(councilEveryMs, () => this.council(), () => Date.now() < this.roundClosesAt),
      ...this.assessors.map((a) => this.assessorLoop(a)),
      ...this.officers.map((o) => this.officerLoop(o)),
    ];
  }

  /** Stops starting work, then lets what is in flight finish (each request has its own deadline). */
  async stop() {
    this.stopping = true;
    await Promise.all(this.loops);
    await Promise.all([...this.flows]);
  }

  /** Starts a flow every `ms` (while `when` holds), without waiting for the previous one. */
  async every(ms, flow, when = () => true) {
    while (!this.stopping) {
      if (when()) {
        const running = flow()
          .catch((err) => {
            if (!(err instanceof Abandoned)) this.log(`load: ${err.message}`);
          })
          .finally(() => this.flows.delete(running));
        this.flows.add(running);
      }
      await sleep(ms);
    }
  }

  /**
   * Runs one step, tallying it. A step abandoned (no answer before the deadline) or failed (an
   * answer the load did not expect) ends its flow.
   */
  async step(kind, fn) {
    try {
      const { outcome, uncertain } = await fn();
      this.tally.add(kind, outcome, uncertain);
      return outcome;
    } catch (err) {
      this.tally.add(kind, err instanceof Abandoned ? 'abandoned' : 'failed');
      throw err;
    }
  }

  async applicant() {
    const n = (this.counter += 1);
    const organisationId = randomUUID();
    const user = person('applicant', `chaos-applicant-${n}-${this.runId}`, { name: `Staff group ${n}`, org: organisationId });
    const api = this.applications;

    await this.step('register organisation', async () => {
      const res = await api.call('POST', '/organisations', {
        user,
        body: {
          name: `Chaos staff group ${n}`,
          type: 'staff-group',
          legalForm: 'none-yet',
          parentBody: `Chaos Borough Council ${n % 7}`,
          sector: 'youth',
          region: 'north-west',
          servicesInScope: ['Youth clubs'],
          spinOutStage: 'exploring',
          employeeSharePercent: 100,
        },
      });
      return expect(res, [201], res.status === 409 && res.body?.code === 'organisation-already-registered');
    });

    let application;
    await this.step('start application', async () => {
      const mine = async () => (await api.call('GET', '/applications', { user })).body?.items?.[0];
      const res = await api.call('POST', '/applications', {
        user,
        verify: mine,
        body: {
          fundId: this.fund.id,
          title: `Legal and pensions advice for staff group ${n}`,
          supportTypes: ['legal'],
          amountRequestedPence: between(20, 50) * 50_000,
          subsidyReceivedPence: 0,
          servicesDeliveredInEngland: true,
          answers: [{ questionId: 'need', text: 'We need TUPE and pensions advice before the council decides.' }],
        },
      });
      application = res.body;
      return expect(res, [201, 'found']);
    });

    const withdraw = Math.random() < WITHDRAW_SHARE.application;
    if (withdraw) this.toWithdraw.add(application.id);
    await this.step('submit application', async () => {
      const res = await api.call('POST', `/applications/${application.id}/submit`, { user, body: { version: application.version } });
      // A 409 after a lost answer: the first attempt went through if the application is no longer a draft.
      const wentThrough = res.status === 409 && (await api.call('GET', `/applications/${application.id}`, { user })).body?.status !== 'draft';
      return expect(res, [200], wentThrough);
    });
    if (!withdraw) return;

    const current = await this.waitFor(() => api.call('GET', `/applications/${application.id}`, { user }), (a) => a.status === 'in_assessment');
    if (!current) return;
    await this.step('withdraw application', async () => {
      const res = await api.call('POST', `/applications/${application.id}/withdraw`, { user, body: { version: current.version, reason: 'The council keeps the service in house' } });
      // A resend after a withdrawal whose answer was lost meets the version it moved on (stale-version).
      const wentThrough = res.status === 409 && (await api.call('GET', `/applications/${application.id}`, { user })).body?.status === 'withdrawn';
      return expect(res, [200], wentThrough);
    });
  }

  async council() {
    const n = (this.counter += 1);
    // Real councils from the register (intake refuses any other code); one bid each in the round.
    const code = COUNCIL_CODES[(n - 1) % COUNCIL_CODES.length];
    const user = person('applicant', `chaos-council-${n}-${this.runId}`, { name: `Officer at ${code}`, org: code });
    const api = this.intake;
    const ineligible = Math.random() < INELIGIBLE_BID_SHARE;

    let bid;
    const created = await this.step('start bid', async () => {
      const res = await api.call('POST', `/rounds/${this.round.id}/bids`, {
        user,
        body: {
          sector: 'youth',
          title: `A staff-led mutual for youth services in ${code}`,
          amountRequestedPence: ineligible ? ROUND_MAX_AWARD_PENCE + 1_000_000 : between(6, 19) * 500_000,
          answers: [{ questionId: 'vision', text: 'Our youth service becomes a mutual owned by its staff.' }],
        },
      });
      // One live bid per authority: a resend after a lost answer is told which bid holds its place.
      if (res.status === 409 && res.body?.code === 'authority-already-bidding') {
        bid = (await api.call('GET', `/bids/${res.body.details.existingBidId}`, { user })).body;
        return { outcome: 'done', uncertain: true };
      }
      bid = res.body;
      if (res.status === 422 && res.body?.code === 'round-not-taking-bids') return { outcome: 'refused', uncertain: res.uncertain };
      return expect(res, [201]);
    });
    if (created === 'refused') return;

    const withdraw = !ineligible && Math.random() < WITHDRAW_SHARE.bid;
    if (withdraw) this.toWithdraw.add(bid.id);
    // Some councils finish their bid only after the deadline, and are refused.
    await sleep(between(0, 8000));
    const submitted = await this.step('submit bid', async () => {
      const res = await api.call('POST', `/bids/${bid.id}/submit`, { user });
      if (res.status === 422 && res.body?.code === 'round-closed') return { outcome: 'refused', uncertain: res.uncertain };
      const wentThrough = res.status === 409 && (await api.call('GET', `/bids/${bid.id}`, { user })).body?.status !== 'draft';
      return expect(res, [200], wentThrough);
    });
    if (submitted !== 'done' || !withdraw) return;

    const current = await this.waitFor(() => api.call('GET', `/bids/${bid.id}`, { user }), (b) => b.status === 'in_assessment');
    if (!current) return;
    await this.step('withdraw bid', async () => {
      const res = await api.call('POST', `/bids/${bid.id}/withdraw`, { user, body: { reason: 'The council keeps the service in house' } });
      return expect(res, [200], res.status === 409 && res.body?.code === 'bid-already-withdrawn');
    });
  }

  /**
   * Withdrawals wait until the case is open (the record shows in_assessment): a withdrawal the
   * awards service hears of before the submission would find no case to close. That ordering is
   * the services' business rule, not a messaging fault, so the load does not provoke it.
   */
  async waitFor(read, until) {
    while (!this.stopping) {
      const res = await read();
      if (res.status === 200 && until(res.body)) return res.body;
      await sleep(2000);
    }
    return undefined;
  }

  async assessorLoop(assessor) {
    while (!this.stopping) {
      try {
        const res = await this.awards.call('GET', '/assessor/cases?state=allocated&pageSize=200', { user: assessor });
        for (const c of res.body?.items ?? []) {
          if (this.stopping) break;
          const score = pick([3, 4]); // 60 or 80 points: never further apart than the moderation threshold
          await this.step('submit assessment', async () => {
            const sent = await this.awards.call('POST', `/assessor/cases/${c.caseId}/assessment`, {
              user: assessor,
              body: { scores: c.criteria.map((k) => ({ criterionId: k.id, score, comment: `Scored ${score} under chaos` })), recommendation: 'fund' },
            });
            if (sent.status === 404) return { outcome: 'refused', uncertain: sent.uncertain }; // withdrawn meanwhile
            return expect(sent, [201], sent.status === 409 && sent.body?.code === 'assessment-locked');
          });
        }
      } catch (err) {
        if (!(err instanceof Abandoned)) this.log(`assessor: ${err.message}`);
      }
      await sleep(1000);
    }
  }

  async officerLoop(officer) {
    while (!this.stopping) {
      try {
        for (const programmeId of [this.fund.id, this.programme.id]) {
          const res = await this.awards.call('GET', `/cases?programmeId=${programmeId}&status=assessed&pageSize=200`, { user: officer });
          const cases = (res.body?.items ?? []).filter((c) => !this.toWithdraw.has(c.sourceId)).sort(() => Math.random() - 0.5);
          for (const c of cases) {
            if (this.stopping) break;
            await this.decide(officer, c);
          }
        }
      } catch (err) {
        if (!(err instanceof Abandoned)) this.log(`officer: ${err.message}`);
      }
      await sleep(1000);
    }
  }

  /** Approves what was asked (a tenth go on the reserve list); once the budget is spent, rejects. */
  async decide(officer, c) {
    const post = (body) => this.awards.call('POST', `/cases/${c.id}/decision`, { user: officer, body });
    const decidedMeanwhile = async () => (await this.awards.call('GET', `/cases/${c.id}`, { user: officer })).body?.decision != null;
    const outcome = Math.random() < 0.1 ? 'reserve' : 'approved';
    let exhausted = false;
    await this.step(`decide (${outcome})`, async () => {
      const res = await post({ outcome, amountPence: outcome === 'approved' ? c.amountRequestedPence : undefined, reason: 'Above the funding line' });
      if (res.status === 409 && res.body?.code === 'budget-exceeded') {
        exhausted = true;
        return { outcome: 'refused', uncertain: res.uncertain };
      }
      // The other officer (or this one's lost first attempt) decided it: nothing more to do.
      if (res.status === 409 && (await decidedMeanwhile())) return { outcome: res.uncertain ? 'done' : 'refused', uncertain: res.uncertain };
      return expect(res, [200]);
    });
    if (!exhausted) return;
    await this.step('decide (rejected: budget spent)', async () => {
      const res = await post({ outcome: 'rejected', reason: 'The budget is spent' });
      if (res.status === 409 && (await decidedMeanwhile())) return { outcome: res.uncertain ? 'done' : 'refused', uncertain: res.uncertain };
      return expect(res, [200]);
    });
  }
}

/** A step is done when the answer is one expected, or when a resend was refused because the first attempt had worked. */
function expect(res, statuses, firstAttemptWorked = false) {
  if (statuses.includes(res.status)) return { outcome: 'done', uncertain: res.uncertain };
  if (firstAttemptWorked) return { outcome: 'done', uncertain: true };
  throw new Error(`unexpected answer ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
}

module.exports = { Load };
