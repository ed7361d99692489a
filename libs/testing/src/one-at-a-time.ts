import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { testRunId } from './test-run';
import { sleep } from './wait-for';

const ROOT = resolve(__dirname, '../../..');

/** Where a run's group locks live; the global teardown removes what a crashed worker left. */
export function runLockDirectory(runId = testRunId()): string {
  return resolve(ROOT, `.local/test-runs/${runId}-locks`);
}

/**
 * Waits until no other test file of the run holds the group, then holds it; returns what lets it go.
 * A directory is the lock: creating one is atomic, and only one worker can.
 */
export async function holdGroup(group: string): Promise<() => void> {
  mkdirSync(runLockDirectory(), { recursive: true });
  const lock = resolve(runLockDirectory(), group);
  for (;;) {
    try {
      mkdirSync(lock);
      return () => rmSync(lock, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      await sleep(500);
    }
  }
}

/**
 * Runs this test file while no other file of the same group runs in the other jest worker. For
 * files whose assertions are about speed (group 'timing': a rate limit reached, a surge in before a
 * deadline): two of them side by side on two cores would each get half. A file
 * waiting for the group holds its worker idle, so keep groups small. Call it at the top of the
 * file, outside any describe: its hooks then run before the file's first and after its last.
 */
export function oneAtATime(group: string): void {
  let release: (() => void) | undefined;
  beforeAll(async () => {
    release = await holdGroup(group);
  }, 30 * 60 * 1000);
  afterAll(() => release?.());
}
