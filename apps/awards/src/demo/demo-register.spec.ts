import { JOURNEY_STAGES, MUTUAL_ROUTES } from '@mutuals/domain';
import { Journey, JourneyState } from '../mutuals/journey';
import { BASE_LAUNCHED, DdBid, deliveringDifferentlyOutcome, demoRegister } from './demo-register';

const { mutuals, enquiries } = demoRegister();
const launched = mutuals.filter((m) => m.launchedOn && m.route && MUTUAL_ROUTES.includes(m.route));
const countBy = <T>(items: T[], key: (t: T) => string) => items.reduce((n: Record<string, number>, t) => ({ ...n, [key(t)]: (n[key(t)] ?? 0) + 1 }), {});

describe('the demo register of 2014', () => {
  it('comes out the same on every run', () => {
    expect(demoRegister()).toEqual({ mutuals, enquiries });
  });

  it('has the programme’s figures: launched mutuals, their staff and contracts exactly', () => {
    expect(launched).toHaveLength(BASE_LAUNCHED.count);
    expect(launched.reduce((s, m) => s + m.staffCount!, 0)).toBe(BASE_LAUNCHED.staff);
    expect(launched.reduce((s, m) => s + m.contractValuePence!, 0)).toBe(BASE_LAUNCHED.contractPence);
    expect(launched.every((m) => m.staffCount! > 0 && m.contractValuePence! > 0)).toBe(true);
  });

  it('draws half from the NHS and central government, the largest group from local government, mostly adult social care', () => {
    const kinds = countBy(launched, (m) => m.commissioningBodyKind!);
    expect((kinds.nhs + kinds['central-government']) / launched.length).toBeCloseTo(0.5, 1);
    expect(Object.entries(kinds).sort((a, b) => b[1] - a[1])[0][0]).toBe('local-government');
    const sectors = Object.entries(countBy(launched, (m) => m.sector)).sort((a, b) => b[1] - a[1]);
    expect(sectors[0][0]).toBe('adult-social-care');
    expect(new Set(launched.map((m) => m.region)).size).toBeGreaterThanOrEqual(9);
  });

  it('keeps every journey in order, ending at the mutual’s current stage', () => {
    for (const m of mutuals) {
      const days = m.stages.map((s) => s.enteredOn);
      expect(days).toEqual([...days].sort());
      expect(m.stages.at(-1)).toMatchObject({ stage: m.stage, enteredOn: m.stageEnteredOn });
      const order = m.stages.map((s) => JOURNEY_STAGES.indexOf(s.stage));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      if (m.launchedOn) expect(m.stages.find((s) => s.stage === 'launched')?.enteredOn).toBe(m.launchedOn);
    }
    expect(new Set(mutuals.map((m) => m.reference)).size).toBe(mutuals.length);
  });

  it('records every journey as the register itself would accept it, stage by stage', () => {
    for (const m of mutuals) {
      const [first, ...rest] = m.stages;
      let state: JourneyState = { stage: first.stage, enteredOn: first.enteredOn, route: null, launchedOn: null };
      for (const s of rest) {
        const change = new Journey(state).next({ stage: s.stage, enteredOn: s.enteredOn, details: s.details }, '2099-12-31');
        state = { stage: s.stage, enteredOn: s.enteredOn, route: change.route?.route ?? state.route, launchedOn: change.launch?.launchedOn ?? state.launchedOn };
      }
      expect({ route: state.route, launchedOn: state.launchedOn }).toEqual({ route: m.route, launchedOn: m.launchedOn });
    }
  });

  it('has a pipeline behind the launched, a few that stopped, and about 150 enquiries, some of which became mutuals', () => {
    const pipeline = mutuals.filter((m) => !m.launchedOn && m.stage !== 'not-proceeding');
    expect(pipeline.length).toBeGreaterThanOrEqual(55);
    expect(pipeline.length).toBeLessThanOrEqual(65);
    expect(mutuals.filter((m) => m.stage === 'not-proceeding').length).toBeGreaterThan(2);
    expect(enquiries).toHaveLength(150);
    const ids = new Set(mutuals.map((m) => m.id));
    const linked = enquiries.filter((e) => e.mutualId);
    expect(linked.length).toBeGreaterThan(30);
    expect(linked.every((e) => ids.has(e.mutualId!))).toBe(true);
    expect(Object.keys(countBy(enquiries, (e) => e.triage)).sort()).toEqual(['advice-only', 'not-eligible', 'refer-to-support-fund', 'register-as-mutual']);
  });
});

describe('what became of a Delivering Differently bid', () => {
  const bid = (reference: string, status: string): DdBid => ({ bidId: 'b', caseId: 'c', reference, status, organisationName: 'Bristol, City of', sector: 'libraries', region: 'south-west' });

  it('stays in house when the council withdrew or the bid was screened out', () => {
    for (const status of ['withdrawn', 'ineligible']) expect(deliveringDifferentlyOutcome(bid('DD14-0001', status))).toMatchObject({ stage: 'not-proceeding', route: 'in-house', parentBody: 'Bristol Council' });
  });

  it('is always something for a funded bid, and for the rest sometimes nothing, the same each time', () => {
    const references = Array.from({ length: 200 }, (_, i) => `DD14-${String(i).padStart(4, '0')}`);
    expect(references.every((r) => deliveringDifferentlyOutcome(bid(r, 'approved')) !== null)).toBe(true);
    const rejected = references.map((r) => deliveringDifferentlyOutcome(bid(r, 'rejected')));
    expect(rejected.filter((o) => o === null).length).toBeGreaterThan(80);
    expect(new Set(rejected.map((o) => (o === null ? 'nothing heard' : o.route ?? 'not chosen yet')))).toEqual(new Set(['nothing heard', 'not chosen yet', 'staff-mutual', 'local-authority-trading-company', 'in-house', 'outsourcing']));
    expect(references.map((r) => deliveringDifferentlyOutcome(bid(r, 'rejected')))).toEqual(rejected);
  });
});
