import { formatUtc, roundLifecycle, roundSettingsProblems, submissionRefusal } from './round';

const at = (iso: string) => new Date(iso);
const round = { name: 'Delivering Differently 2014', status: 'open' as const, opensAt: at('2014-04-14T09:00:00Z'), closesAt: at('2014-05-30T16:00:00Z') };
const criteria = [
  { id: 'ambition', weight: 60 },
  { id: 'readiness', weight: 40 },
];

describe('a round', () => {
  describe('deadline', () => {
    it('takes a bid one second before the close', () => {
      expect(submissionRefusal(round, at('2014-05-30T15:59:59Z'))).toBeUndefined();
      expect(submissionRefusal(round, at('2014-05-30T15:59:59.999Z'))).toBeUndefined();
    });

    it('refuses a bid at the closing second, giving the closing time in UTC', () => {
      const refusal = submissionRefusal(round, at('2014-05-30T16:00:00Z'));
      expect(refusal).toMatchObject({ kind: 'unprocessable', code: 'round-closed' });
      expect(refusal!.message).toContain('16:00:00 UTC on 30 May 2014');
    });

    it('refuses a bid after the close even while the scheduler has not yet closed the round', () => {
      expect(submissionRefusal({ ...round, status: 'open' }, at('2014-05-30T16:00:01Z'))?.code).toBe('round-closed');
    });

    it('refuses a bid before the round opens', () => {
      expect(submissionRefusal({ ...round, status: 'scheduled' }, at('2014-04-14T08:59:59Z'))?.code).toBe('round-not-open');
    });
  });

  it('tells times in UTC to the second', () => {
    expect(formatUtc(at('2014-02-10T17:00:00Z'))).toBe('17:00:00 UTC on 10 February 2014');
  });

  describe('settings', () => {
    const times = { opensAt: at('2026-01-01T09:00:00Z'), closesAt: at('2026-02-01T17:00:00Z') };

    it('accepts a round that closes after it opens with weights adding up to 100', () => {
      expect(roundSettingsProblems(times, [], criteria)).toEqual([]);
    });

    it('refuses a close at or before the opening', () => {
      expect(roundSettingsProblems({ opensAt: times.opensAt, closesAt: times.opensAt }, [], criteria)).toEqual(['closesAt must be after opensAt']);
    });

    it('refuses fractions of a second', () => {
      expect(roundSettingsProblems({ ...times, closesAt: at('2026-02-01T17:00:00.500Z') }, [], criteria)[0]).toContain('to the second');
    });

    it('refuses weights that do not add up to 100', () => {
      expect(roundSettingsProblems(times, [], [{ id: 'a', weight: 50 }])).toEqual(['the criteria weights add up to 50; they must add up to 100']);
    });

    it('refuses repeated question ids', () => {
      const q = { id: 'vision', text: 'Vision', wordLimit: 500, required: true };
      expect(roundSettingsProblems(times, [q, q], criteria)).toEqual(['each question needs its own id']);
    });
  });

  it('opens only from scheduled and closes only from open', () => {
    expect(roundLifecycle.canMove('draft', 'open')).toBe(false);
    expect(roundLifecycle.canMove('scheduled', 'open')).toBe(true);
    expect(roundLifecycle.canMove('open', 'closed')).toBe(true);
    expect(roundLifecycle.canMove('open', 'draft')).toBe(false);
  });
});
