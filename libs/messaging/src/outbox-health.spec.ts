import { OutboxHealth } from './outbox-health';

const options = { service: 'applications', brokers: [], groupId: 'applications', produces: [], consumes: [], outboxStallMs: 60000 };
const T = Date.parse('2026-11-30T09:00:00Z');

describe('outbox relay readiness', () => {
  it('is ready while waiting for its topics, and says so', () => {
    expect(new OutboxHealth(options).readiness(T)).toMatchObject({ state: 'starting', ready: true, detail: expect.stringContaining('topics') });
  });

  it('is ready while relaying, with when it last completed a pass', () => {
    const health = new OutboxHealth(options);
    health.relayed(T);
    expect(health.readiness(T + 5000)).toEqual({ state: 'relaying', ready: true, lastRelayedAt: '2026-11-30T09:00:00.000Z' });
  });

  it('stays ready through a short failure, is not ready once publishing has failed longer than the stall limit, and says why', () => {
    const health = new OutboxHealth(options);
    health.relayed(T);
    health.failed(new Error('This server does not host this topic-partition'), T + 1000);
    health.failed(new Error('Connection timeout'), T + 30000);
    expect(health.readiness(T + 60000)).toMatchObject({ state: 'failing', ready: true });
    const stalled = health.readiness(T + 61001);
    expect(stalled).toMatchObject({ state: 'failing', ready: false, lastRelayedAt: '2026-11-30T09:00:00.000Z' });
    expect(stalled.detail).toBe('publishing has failed for 60 s, events wait in the outbox: Connection timeout');
  });

  it('is ready again as soon as a pass succeeds', () => {
    const health = new OutboxHealth(options);
    health.failed(new Error('down'), T);
    health.relayed(T + 120000);
    expect(health.readiness(T + 120001)).toMatchObject({ state: 'relaying', ready: true });
  });

  it('is not ready once stopped (shutting down)', () => {
    const health = new OutboxHealth(options);
    health.relayed(T);
    health.stop();
    expect(health.readiness(T)).toMatchObject({ state: 'stopped', ready: false });
  });
});
