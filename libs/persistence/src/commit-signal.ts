import { DataSource, EntityManager, EntitySubscriberInterface, TransactionCommitEvent } from 'typeorm';

const listeners = new WeakMap<DataSource, Map<string, (() => void)[]>>();

/** Marks the transaction of `manager` so that `signal`'s listeners run once it commits. */
export function signalOnCommit(manager: EntityManager, signal: string): void {
  const runner = manager.queryRunner;
  if (runner) runner.data = { ...(runner.data ?? {}), [signal]: true };
}

/**
 * Runs `signal`'s listeners now, for work that committed outside a TypeORM transaction (a single
 * statement, committed on its own), where there is no transaction to mark.
 */
export function signalCommitted(dataSource: DataSource, signal: string): void {
  for (const listener of listeners.get(dataSource)?.get(signal) ?? []) listener();
}

/** Runs `listener` after every commit of a transaction marked with `signal` (never after a rollback). */
export function onCommitSignal(dataSource: DataSource, signal: string, listener: () => void): void {
  const bySignal = listeners.get(dataSource) ?? new Map<string, (() => void)[]>();
  listeners.set(dataSource, bySignal.set(signal, [...(bySignal.get(signal) ?? []), listener]));
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
