import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { SignedInUser } from '../auth/personas';

export interface SessionData {
  /** Synchroniser token every form posts back. */
  csrfToken: string;
  user?: SignedInUser;
  /** One-off message for the next page (a notification banner). */
  flash?: string;
  /** State of an OpenID Connect sign-in in progress. */
  oidc?: { state: string; nonce: string; codeVerifier: string };
}

export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;

const newId = () => randomBytes(32).toString('base64url');
export const newCsrfToken = () => randomBytes(24).toString('base64url');

/** Sessions in PostgreSQL: the cookie holds only an unguessable, signed id. */
export class SessionStore {
  constructor(private readonly db: DataSource) {}

  async load(id: string): Promise<SessionData | undefined> {
    const rows: { data: SessionData }[] = await this.db.query('select data from portal_sessions where id = $1 and expires_at > now()', [id]);
    return rows[0]?.data;
  }

  async create(data: SessionData): Promise<string> {
    const id = newId();
    await this.db.query('delete from portal_sessions where expires_at < now()');
    await this.db.query('insert into portal_sessions (id, data, expires_at) values ($1, $2, $3)', [id, data, new Date(Date.now() + SESSION_TTL_MS)]);
    return id;
  }

  async save(id: string, data: SessionData): Promise<void> {
    await this.db.query('update portal_sessions set data = $2, expires_at = $3 where id = $1', [id, data, new Date(Date.now() + SESSION_TTL_MS)]);
  }

  async destroy(id: string): Promise<void> {
    await this.db.query('delete from portal_sessions where id = $1', [id]);
  }
}
