import { partitionLags } from './consumer-lag';
import { routeOf, statusClass } from './http-metrics';
import { ScrapeCache, withTimeout } from './metrics-registry';

describe('consumer lag', () => {
  const offsets = [
    { partition: 0, high: '120', low: '0' },
    { partition: 1, high: '50', low: '10' },
    { partition: 2, high: '7', low: '7' },
  ];

  it('is the high watermark minus the committed offset, per partition', () => {
    const lags = partitionLags('notifications', 't', offsets, [
      { partition: 0, offset: '100' },
      { partition: 1, offset: '50' },
      { partition: 2, offset: '7' },
    ], true);
    expect(lags.map((l) => l.lag)).toEqual([20, 0, 0]);
  });

  it("counts everything kept when the group has never committed on its own topic (it reads from the beginning)", () => {
    const lags = partitionLags('notifications', 't', offsets, [
      { partition: 0, offset: '-1' },
      { partition: 1, offset: '-1' },
      { partition: 2, offset: '-1' },
    ], true);
    expect(lags.map((l) => l.lag)).toEqual([120, 40, 0]);
  });

  it("leaves out another group's topic it has never committed on (it does not read it)", () => {
    expect(partitionLags('intake', 't', offsets, [{ partition: 0, offset: '-1' }], false)).toEqual([]);
    expect(partitionLags('intake', 't', offsets, [{ partition: 0, offset: '110' }], false).map((l) => l.lag)).toEqual([10, 40, 0]);
  });
});

describe('HTTP labels', () => {
  it('use the route template, never the URL', () => {
    expect(routeOf({ route: { path: '/applications/:id' }, baseUrl: '' } as never)).toBe('/applications/:id');
    expect(routeOf({ route: undefined, baseUrl: '' } as never)).toBe('unmatched');
  });

  it('group status codes in classes', () => {
    expect([200, 201, 304, 404, 503].map(statusClass)).toEqual(['2xx', '2xx', '3xx', '4xx', '5xx']);
  });
});

describe('scrape-time reads', () => {
  it('share one read within the cache time, and forget a failure', async () => {
    let reads = 0;
    let fail = true;
    const cache = new ScrapeCache(async () => {
      reads += 1;
      if (fail) throw new Error('down');
      return reads;
    }, 5000);
    await expect(cache.get(0)).rejects.toThrow('down');
    fail = false;
    expect(await cache.get(1)).toBe(2);
    expect(await cache.get(4000)).toBe(2);
    expect(await cache.get(6000)).toBe(3);
  });

  it('give up after the timeout', async () => {
    await expect(withTimeout(new Promise(() => undefined), 20, 'Kafka')).rejects.toThrow('Kafka did not answer within 20 ms');
  });
});
