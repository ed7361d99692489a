import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { DataSource } from 'typeorm';

export interface WindowCount {
  hits: number;
  /** Whole seconds until the window ends (at least 1). */
  secondsLeft: number;
}

/**
 * Rate-limit counters in the service's own PostgreSQL database, so every replica counts the same
 * hits. Fixed windows: the first hit of a key opens a window of `ttl`, later hits add to it, and a
 * hit after its end opens the next. One statement per check; expired rows are deleted in the
 * background. A key over its limit stays blocked until its window ends.
 */
@Injectable()
export class PostgresRateLimitStorage implements ThrottlerStorage, OnModuleDestroy {
  private sweeper?: NodeJS.Timeout;

  constructor(private readonly db: DataSource) {}

  /** Counts one hit of `key` in its window of `ttlMs`: the hits so far (this one included) and what is left of the window. */
  async hit(key: string, ttlMs: number): Promise<WindowCount> {
    this.sweepLater();
    const rows: { hits: number; seconds_left: string }[] = await this.db.query(
      `insert into rate_limit_hits as r (key, window_ends_at, hits) values ($1, now() + $2 * interval '1 millisecond', 1)
       on conflict (key) do update set
         hits = case when r.window_ends_at <= now() then 1 else r.hits + 1 end,
         window_ends_at = case when r.window_ends_at <= now() then excluded.window_ends_at else r.window_ends_at end
       returning hits, extract(epoch from (window_ends_at - now())) as seconds_left`,
      [key, Math.max(1, Math.round(ttlMs))],
    );
    return { hits: rows[0].hits, secondsLeft: Math.max(1, Math.ceil(Number(rows[0].seconds_left))) };
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
