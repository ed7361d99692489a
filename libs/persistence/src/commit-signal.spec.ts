import { DataSource } from 'typeorm';
import { onCommitSignal, signalCommitted } from './commit-signal';

describe('commit signals for work committed without a transaction', () => {
  const dataSource = () => ({ subscribers: [] }) as unknown as DataSource;

  it("wakes the listeners of that signal on that data source, and no one else's", () => {
    const [one, other] = [dataSource(), dataSource()];
    const woken: string[] = [];
    onCommitSignal(one, 'outbox-written', () => woken.push('relay'));
    onCommitSignal(one, 'delivery-queued', () => woken.push('sender'));
    onCommitSignal(other, 'outbox-written', () => woken.push('other relay'));

    signalCommitted(one, 'outbox-written');

    expect(woken).toEqual(['relay']);
  });
});
