import { StatementBatcher } from './statement-batcher';

/** A statement that answers only when told, recording what each run carried. */
function heldStatement() {
  const runs: number[][] = [];
  const release: (() => void)[] = [];
  const batcher = new StatementBatcher<number, number>(
    (inputs) =>
      new Promise((resolve, reject) => {
        runs.push(inputs);
        release.push(() => (inputs.includes(-1) ? reject(new Error('connection lost')) : resolve(inputs.map((n) => n * 10))));
      }),
    3,
  );
  return { batcher, runs, releaseNext: () => release.shift()!() };
}

describe('a statement carrying the calls that queued behind it', () => {
  it('sends a call at once when nothing is in flight, and answers it from its own row', async () => {
    const { batcher, runs, releaseNext } = heldStatement();
    const answer = batcher.submit(4);
    expect(runs).toEqual([[4]]);
    releaseNext();
    await expect(answer).resolves.toBe(40);
  });

  it('carries the calls made while a statement is in flight in the next one, in arrival order, up to its limit', async () => {
    const { batcher, runs, releaseNext } = heldStatement();
    const answers = [1, 2, 3, 4, 5].map((n) => batcher.submit(n));
    expect(runs).toEqual([[1]]);
    releaseNext();
    await answers[0];
    expect(runs).toEqual([[1], [2, 3, 4]]);
    releaseNext();
    await answers[3];
    releaseNext();
    await expect(Promise.all(answers)).resolves.toEqual([10, 20, 30, 40, 50]);
    expect(runs).toEqual([[1], [2, 3, 4], [5]]);
  });

  it('fails every call of a statement that failed, and goes on with the calls after it', async () => {
    const { batcher, releaseNext } = heldStatement();
    const first = batcher.submit(1);
    const failing = [batcher.submit(-1), batcher.submit(2)];
    const after = failing.map((p) => p.catch((err: Error) => err.message));
    releaseNext();
    await first;
    releaseNext();
    await expect(Promise.all(after)).resolves.toEqual(['connection lost', 'connection lost']);
    const later = batcher.submit(3);
    releaseNext();
    await expect(later).resolves.toBe(30);
  });
});
