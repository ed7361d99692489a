import { EventSampler, safeDetails } from './security-events';

describe('safeDetails', () => {
  it('drops secret-looking keys at any depth and keeps the facts', () => {
    expect(
      safeDetails({ reason: 'bad-form-token', _csrf: 'abc', password: 'p', nested: { accessToken: 't', Cookie: 'c', id: 'x' }, list: [{ authorization: 'Bearer y', ok: 1 }] }),
    ).toEqual({ reason: 'bad-form-token', nested: { id: 'x' }, list: [{ ok: 1 }] });
  });
});

describe('EventSampler', () => {
  it('admits one event per key and interval, and the next one says how many were left out', () => {
    let now = 0;
    const sampler = new EventSampler(60_000, 10_000, () => now);
    expect(sampler.admit('a')).toEqual({ record: true, suppressed: 0 });
    expect(sampler.admit('a')).toEqual({ record: false, suppressed: 0 });
    expect(sampler.admit('a')).toEqual({ record: false, suppressed: 0 });
    expect(sampler.admit('b')).toEqual({ record: true, suppressed: 0 });
    now = 60_000;
    expect(sampler.admit('a')).toEqual({ record: true, suppressed: 2 });
    expect(sampler.admit('a')).toEqual({ record: false, suppressed: 0 });
  });

  it('keeps a bounded number of keys under a flood of distinct ones', () => {
    const sampler = new EventSampler(60_000, 3, () => 0);
    for (const key of ['a', 'b', 'c', 'd', 'e']) expect(sampler.admit(key).record).toBe(true);
    expect((sampler as unknown as { windows: Map<string, unknown> }).windows.size).toBeLessThanOrEqual(3);
  });
});
