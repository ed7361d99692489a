import { DataSource, EntityManager, EntitySubscriberInterface, TransactionCommitEvent } from 'typeorm';

/** Marks the transaction of `manager` so that `signal`'s listeners run once it commits. */
export function signalOnCommit(manager: EntityManager, signal: string): void {
  const runner = manager.queryRunner;
  if (runner) runner.data = { ...(runner.data ?? {}), [signal]: true };
}

/** Runs `listener` after every commit of a transaction marked with `signal` (never after a rollback). */
export function onCommitSignal(dataSource: DataSource, signal: string, listener: () => void): void {
  const subscriber: EntitySubscriberInterface = {
    afterTransactionCommit(event: TransactionCommitEvent) {
      const data = event.queryRunner.data as Record<string, unknown> | undefined;
      if (data?.[signal]) {
        data[signal] = false;
        listener();
      }
    },
  };
  dataSource.subscribers.push(subscriber);
}
