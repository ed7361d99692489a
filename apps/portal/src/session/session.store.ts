import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { SignedInUser } from '../auth/personas';
import { Clock } from './clock';

export interface SessionData {
  /** Synchroniser token every form posts back. */
  csrfToken: string;
  user?: SignedInUser;
  /** One-off message for the next page (a notification banner). */
  flash?: string;
  /** An invitation link's token, opened before signing in: the sign-in hands it to the directory. */
  invitationToken?: string;
  /** State of an OpenID Connect sign-in in progress, and where to go once signed in. */
  oidc?: { state: string; nonce: string; codeVerifier: string; returnTo?: string };
  /** The ID token of an OpenID Connect sign-in: the provider's sign-out asks for it. */
  oidcIdToken?: string;
}

export interface SessionLifetimes {
  /** Ended when unused this long. */
  idleMs: number;
  /** Ended this long after it began, however busy. */
  maxMs: number;
}

/** Why a session that existed is no longer valid. */
export type SessionEnd = 'idle' | 'absolute';

export type LoadedSession = { data: SessionData } | { ended: SessionEnd; hadUser: boolean };

const newId = () => randomBytes(32).toString('base64url');
export const newCsrfToken = () => randomBytes(24).toString('base64url');

interface Row {
  data: SessionData;
  created_at: Date;
  last_seen_at: Date;
}

/**
 * Sessions in PostgreSQL: the cookie holds only an unguessable, signed id. Each use moves the
 * inactivity deadline on; neither deadline is ever past the absolute one. Expired rows are deleted
 * when found and whenever a session is created.
 */
export class SessionStore {
  constructor(
    private readonly db: DataSource,
    private readonly lifetimes: SessionLifetimes,
    private readonly clock: Clock,
  ) {}

  /** A live session (its inactivity deadline moved on), why it ended, or undefined when there is none. */
  async load(id: string): Promise<LoadedSession | undefined> {
    const rows: Row[] = await this.db.query('select data, created_at, last_seen_at from portal_sessions where id = $1', [id]);
    const row = rows[0];
    if (!row) return undefined;
    const now = this.clock.now();
    const ended = this.endOf(row, now);
    if (ended) {
      await this.destroy(id);
      return { ended, hadUser: Boolean(row.data.user) };
    }
    await this.db.query('update portal_sessions set last_seen_at = $2, expires_at = $3 where id = $1', [id, now, this.expiry(row.created_at, now)]);
    return { data: row.data };
  }

  async create(data: SessionData): Promise<string> {
    const id = newId();
    const now = this.clock.now();
    await this.db.query('delete from portal_sessions where expires_at <= $1', [now]);
    await this.db.query('insert into portal_sessions (id, data, created_at, last_seen_at, expires_at) values ($1, $2, $3, $3, $4)', [id, data, now, this.expiry(now, now)]);
    return id;
  }

  async save(id: string, data: SessionData): Promise<void> {
    await this.db.query('update portal_sessions set data = $2 where id = $1', [id, data]);
  }

  async destroy(id: string): Promise<void> {
    await this.db.query('delete from portal_sessions where id = $1', [id]);
  }

  private endOf(row: Row, now: Date): SessionEnd | undefined {
    if (now.getTime() - new Date(row.created_at).getTime() >= this.lifetimes.maxMs) return 'absolute';
    if (now.getTime() - new Date(row.last_seen_at).getTime() >= this.lifetimes.idleMs) return 'idle';
    return undefined;
  }

  private expiry(createdAt: Date, lastSeen: Date): Date {
    return new Date(Math.min(createdAt.getTime() + this.lifetimes.maxMs, lastSeen.getTime() + this.lifetimes.idleMs));
  }
}
