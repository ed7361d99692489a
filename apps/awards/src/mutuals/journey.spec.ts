import { DomainError } from '@mutuals/domain';
import { Journey, JourneyState } from './journey';
import { LAUNCH_DETAILS_EXAMPLE } from './mutuals.dto';

const TODAY = '2026-11-30';
const at = (state: Partial<JourneyState> = {}) => new Journey({ stage: 'enquiry', enteredOn: '2026-01-10', route: null, launchedOn: null, ...state });
const LAUNCH = LAUNCH_DETAILS_EXAMPLE;

function refusal(fn: () => unknown): { kind: string; code: string; message: string; details?: Record<string, unknown> } {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return { kind: e.kind, code: e.code, message: e.message, details: e.details };
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('a mutual journey', () => {
  it('moves forward, skipping stages if need be, and keeps what each stage says', () => {
    const change = at().next({ stage: 'business-case', enteredOn: '2026-03-01', details: { note: 'Cabinet approved' } }, TODAY);
    expect(change).toEqual({ stage: 'business-case', previousStage: 'enquiry', enteredOn: '2026-03-01', details: { note: 'Cabinet approved' } });
  });

  it('never moves backwards, nor records the same stage twice', () => {
    expect(refusal(() => at({ stage: 'business-case' }).next({ stage: 'exploring', enteredOn: '2026-03-01' }, TODAY))).toMatchObject({
      kind: 'conflict',
      code: 'stage-not-forward',
      message: 'The journey only moves forward: it is at business case, so it cannot be recorded at exploring',
    });
    expect(refusal(() => at({ stage: 'exploring' }).next({ stage: 'exploring', enteredOn: '2026-03-01' }, TODAY)).code).toBe('stage-not-forward');
  });

  it('options appraisal needs the route and the reason, naming the missing field', () => {
    expect(refusal(() => at().next({ stage: 'options-appraisal', enteredOn: '2026-02-01', details: { reason: 'Staff want it' } }, TODAY))).toMatchObject({
      kind: 'unprocessable',
      details: { fields: ['details.route'] },
    });
    expect(refusal(() => at().next({ stage: 'options-appraisal', enteredOn: '2026-02-01', details: { route: 'staff-mutual' } }, TODAY)).details).toEqual({ fields: ['details.reason'] });
    const change = at().next({ stage: 'options-appraisal', enteredOn: '2026-02-01', details: { route: 'staff-mutual', reason: 'Staff want to own it' } }, TODAY);
    expect(change.route).toEqual({ route: 'staff-mutual', reason: 'Staff want to own it' });
  });

  it('after choosing to stay in house or outsource, the only next stage is not proceeding', () => {
    const inHouse = at({ stage: 'options-appraisal', route: 'in-house' });
    expect(refusal(() => inHouse.next({ stage: 'business-case', enteredOn: '2026-03-01' }, TODAY)).code).toBe('route-ends-journey');
    expect(refusal(() => at({ stage: 'options-appraisal', route: 'outsourcing' }).next({ stage: 'launched', enteredOn: '2026-10-01', details: LAUNCH }, TODAY)).code).toBe('route-ends-journey');
    expect(inHouse.next({ stage: 'not-proceeding', enteredOn: '2026-03-01' }, TODAY).stage).toBe('not-proceeding');
  });

  it('not proceeding may follow any stage before the launch, and nothing follows it', () => {
    expect(at({ stage: 'implementation' }).next({ stage: 'not-proceeding', enteredOn: '2026-03-01' }, TODAY).previousStage).toBe('implementation');
    expect(refusal(() => at({ stage: 'launched', launchedOn: '2026-02-01', route: 'staff-mutual' }).next({ stage: 'not-proceeding', enteredOn: '2026-03-01' }, TODAY)).code).toBe('already-launched');
    expect(refusal(() => at({ stage: 'not-proceeding' }).next({ stage: 'exploring', enteredOn: '2026-03-01' }, TODAY)).code).toBe('journey-ended');
  });

  it('a launch needs a mutual route (or a council trading company) chosen before or given with it, and every launch fact', () => {
    expect(refusal(() => at({ stage: 'implementation' }).next({ stage: 'launched', enteredOn: '2026-10-01', details: LAUNCH }, TODAY))).toMatchObject({ code: 'route-missing', details: { fields: ['details.route'] } });
    const withRoute = at({ stage: 'implementation' }).next({ stage: 'launched', enteredOn: '2026-10-01', details: { ...LAUNCH, route: 'local-authority-trading-company' } }, TODAY);
    expect(withRoute.route).toEqual({ route: 'local-authority-trading-company', reason: null });
    const chosen = at({ stage: 'business-case', route: 'staff-mutual' }).next({ stage: 'launched', enteredOn: '2026-10-01', details: LAUNCH }, TODAY);
    expect(chosen.launch).toEqual(LAUNCH);
    expect(chosen.details).toMatchObject({ route: 'staff-mutual', staffTransferred: 250 });
    const { contractMonths: _, ...withoutMonths } = LAUNCH;
    expect(refusal(() => at({ route: 'staff-mutual' }).next({ stage: 'launched', enteredOn: '2026-10-01', details: withoutMonths }, TODAY)).details).toEqual({ fields: ['details.contractMonths'] });
    expect(refusal(() => at({ route: 'joint-venture' }).next({ stage: 'launched', enteredOn: '2026-10-01', details: { ...LAUNCH, legalForm: 'plc' } }, TODAY)).details).toEqual({ fields: ['details.legalForm'] });
    expect(refusal(() => at({ route: 'joint-venture' }).next({ stage: 'launched', enteredOn: '2026-10-01', details: { ...LAUNCH, launchedOn: '2026-12-25' } }, TODAY)).details).toEqual({ fields: ['details.launchedOn'] });
  });

  it('the first full year of trading only follows the launch', () => {
    expect(refusal(() => at({ stage: 'implementation', route: 'staff-mutual' }).next({ stage: 'first-full-year-of-trading', enteredOn: '2026-10-01' }, TODAY)).code).toBe('not-launched');
    expect(at({ stage: 'launched', route: 'staff-mutual', launchedOn: '2025-10-01' }).next({ stage: 'first-full-year-of-trading', enteredOn: '2026-10-01' }, TODAY).stage).toBe('first-full-year-of-trading');
  });

  it('a stage is dated on or after the one before, and never in the future', () => {
    expect(refusal(() => at().next({ stage: 'exploring', enteredOn: '2026-01-09' }, TODAY))).toMatchObject({ kind: 'unprocessable', details: { fields: ['enteredOn'] } });
    expect(at().next({ stage: 'exploring', enteredOn: '2026-01-10' }, TODAY).enteredOn).toBe('2026-01-10');
    expect(refusal(() => at().next({ stage: 'exploring', enteredOn: '2026-12-01' }, TODAY))).toMatchObject({ message: 'enteredOn (2026-12-01) is in the future', details: { fields: ['enteredOn'] } });
    expect(refusal(() => at().next({ stage: 'exploring', enteredOn: '2026-02-30' }, TODAY)).details).toEqual({ fields: ['enteredOn'] });
  });
});
