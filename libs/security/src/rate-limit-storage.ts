import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { DataSource } from 'typeorm';
import { StatementBatcher } from '@mutuals/persistence';

export interface WindowCount {
  hits: number;
  /** Whole seconds until the window ends (at least 1). */
  secondsLeft: number;
}

/**
 * Rate-limit counters in the service's own PostgreSQL database, so every replica counts the same
 * hits. Fixed windows: the first hit of a key opens a window of `ttl`, later hits add to it, and a
 * hit after its end opens the next. One statement per check, or one for all the checks that queued
 * while the last was on its way (StatementBatcher). Expired rows are deleted in the background. A
 * key over its limit stays blocked until its window ends.
 */
@Injectable()
export class PostgresRateLimitStorage implements ThrottlerStorage, OnModuleDestroy {
  private sweeper?: NodeJS.Timeout;
  private readonly hits = new StatementBatcher((hits: { key: string; ttlMs: number }[]) => this.countHits(hits));

  constructor(private readonly db: DataSource) {}

  /** Counts one hit of `key` in its window of `ttlMs`: the hits so far (this one included) and what is left of the window. */
  hit(key: string, ttlMs: number): Promise<WindowCount> {
    this.sweepLater();
    return this.hits.submit({ key, ttlMs: Math.max(1, Math.round(ttlMs)) });
  }

  /**
   * The hits that queued while the last statement was on its way, counted in one statement: each
   * key's hits are added together and numbered in arrival order, so every caller gets the count it
   * would have got from a statement of its own.
   */
  private async countHits(hits: { key: string; ttlMs: number }[]): Promise<WindowCount[]> {
    const perKey = new Map<string, { ttlMs: number; count: number }>();
    for (const { key, ttlMs } of hits) {
      const entry = perKey.get(key) ?? { ttlMs, count: 0 };
      entry.count += 1;
      perKey.set(key, entry);
    }
    const keys = [...perKey.keys()];
    const rows: { key: string; hits: number; seconds_left: string }[] = await this.db.query(
      `insert into rate_limit_hits as r (key, window_ends_at, hits)
       select key, now() + ttl_ms * interval '1 millisecond', count from unnest($1::text[], $2::int[], $3::int[]) as h(key, ttl_ms, count)
       on conflict (key) do update set
         hits = case when r.window_ends_at <= now() then excluded.hits else r.hits + excluded.hits end,
         window_ends_at = case when r.window_ends_at <= now() then excluded.window_ends_at else r.window_ends_at end
       returning key, hits, extract(epoch from (window_ends_at - now())) as seconds_left`,
      [keys, keys.map((k) => perKey.get(k)!.ttlMs), keys.map((k) => perKey.get(k)!.count)],
    );
    const counted = new Map(rows.map((r) => [r.key, { next: r.hits - perKey.get(r.key)!.count + 1, secondsLeft: Math.max(1, Math.ceil(Number(r.seconds_left))) }]));
    return hits.map(({ key }) => {
      const window = counted.get(key)!;
      return { hits: window.next++, secondsLeft: window.secondsLeft };
    });
  }

  /** The hits of `key` in its current window, without counting one (0 when it has none). */
  async peek(key: string): Promise<WindowCount> {
    const rows: { hits: number; seconds_left: string }[] = await this.db.query(
      `select hits, extract(epoch from (window_ends_at - now())) as seconds_left from rate_limit_hits where key = $1 and window_ends_at > now()`,
      [key],
    );
    if (rows.length === 0) return { hits: 0, secondsLeft: 0 };
    return { hits: rows[0].hits, secondsLeft: Math.max(1, Math.ceil(Number(rows[0].seconds_left))) };
  }

  /** ThrottlerStorage for @nestjs/throttler's guard; the block lasts until the window ends. */
  async increment(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    const { hits, secondsLeft } = await this.hit(key, ttl);
    const isBlocked = hits > limit;
    return { totalHits: hits, timeToExpire: secondsLeft, isBlocked, timeToBlockExpire: isBlocked ? secondsLeft : 0 };
  }

  /** Deletes windows that ended, at most once a minute and never in the request's way. */
  private sweepLater(): void {
    if (this.sweeper) return;
    this.sweeper = setTimeout(() => {
      this.db
        .query(`delete from rate_limit_hits where window_ends_at < now() - interval '1 minute'`)
        .catch(() => undefined)
        .finally(() => (this.sweeper = undefined));
    }, 60_000);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    if (this.sweeper) clearTimeout(this.sweeper);
  }
}
