import { assertWithinWindow, reconsiderationDeadline } from '@mutuals/domain';
import { partTakenBy } from './reconsideration-rules';

describe('reconsideration rules', () => {
  const decidedAt = new Date('2026-06-10T11:00:00.000Z');

  it('allows a request up to the last moment of the window, and names the deadline after it', () => {
    const deadline = reconsiderationDeadline(decidedAt, 28);
    expect(deadline.toISOString()).toBe('2026-07-08T11:00:00.000Z');
    expect(() => assertWithinWindow(decidedAt, 28, deadline)).not.toThrow();
    expect(() => assertWithinWindow(decidedAt, 28, new Date(deadline.getTime() + 1))).toThrow('by 8 July 2026 at 12:00 (UK time)');
  });

  it('counts the decider, the first approver and the moderator as having taken part, and nobody else', () => {
    const records = [
      { action: 'moderated', actor: 'officer-mo' },
      { action: 'approval-requested', actor: 'officer-first' },
      { action: 'decided-rejected', actor: 'officer-dee' },
      { action: 'assessment-submitted', actor: 'assessor-a' },
      { action: 'due-diligence-passed', actor: 'officer-free' },
    ];
    expect(partTakenBy('officer-dee', records)).toBe('you made the decision being reconsidered');
    expect(partTakenBy('officer-mo', records)).toBe('you moderated the scores the decision rested on');
    expect(partTakenBy('officer-first', records)).toBe('you gave the first approval on this case');
    expect(partTakenBy('officer-free', records)).toBeUndefined();
    expect(partTakenBy('assessor-a', records)).toBeUndefined();
  });
});
