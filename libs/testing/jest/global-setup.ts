import { rmSync } from 'node:fs';
import { runLockDirectory } from '../src/one-at-a-time';
import { deleteRunTopics, dropTestDatabases, recordRun, unfinishedRun } from '../src/test-run-state';
import { newRunId, testRunPrefix } from '../src/test-run';

/**
 * Jest global setup: a fresh run id (so every topic and consumer group of the run is new) and this
 * checkout's test databases dropped, so each run starts from nothing and no run slows the next.
 * Workers inherit TEST_RUN_ID from this process's environment.
 */
export default async function globalSetup(): Promise<void> {
  const leftover = unfinishedRun();
  if (leftover) {
    // A run killed before its teardown: its topics would otherwise stay on the broker.
    await deleteRunTopics(leftover).catch((err) => console.warn(`test run: could not delete the topics of run ${leftover}: ${String(err)}`));
    rmSync(runLockDirectory(leftover), { recursive: true, force: true });
  }
  await dropTestDatabases();
  const runId = newRunId();
  process.env.TEST_RUN_ID = runId;
  recordRun(runId);
  console.log(`\ntest run ${runId}: topics and consumer groups ${testRunPrefix(runId)}*, fresh test databases`);
}
