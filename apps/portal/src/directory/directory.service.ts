import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Role } from '@mutuals/auth';
import { UserActivated, UserDeactivated, UserInvited, UserRolesChanged } from '@mutuals/contracts';
import { DomainError } from '@mutuals/domain';
import { EventPublisher } from '@mutuals/messaging';
import { isUniqueViolation } from '@mutuals/persistence';
import type { SignedInUser } from '../auth/personas';
import { PortalConfig } from '../config';
import { Clock } from '../session/clock';
import { DirectoryRuleError, DirectoryRules, DirectoryUser, Membership, UserStatus } from './directory-rules';
import { INVITATION_TOKEN, invitationTokenHash, newInvitationToken } from './invitation-token';

/** What the identity provider says about the person signing in. */
export interface SignInIdentity {
  issuer: string;
  subject: string;
  email?: string;
  emailVerified: boolean;
  /** From an invitation link the person opened before signing in. */
  invitationToken?: string;
}

export type SignInRefusal = 'unknown' | 'deactivated' | 'email-not-verified' | 'invitation-invalid' | 'invitation-expired' | 'invitation-used' | 'email-mismatch';
export type SignInMatch = { kind: 'signed-in'; user: SignedInUser } | { kind: 'refused'; reason: SignInRefusal };
export type InvitationCheck = { kind: 'valid'; name: string; expiresAt: string } | { kind: 'invalid' | 'expired' | 'used' };

/** Who makes a change: an admin (their user id and name), the command line, or the person themself. */
export interface Actor {
  id: string;
  name?: string;
}

export const CLI_ACTOR: Actor = { id: 'cli', name: 'admin:create command' };

export interface InviteInput {
  name: string;
  email: string;
  roles: string[];
  organisationId?: string;
  authorityCode?: string;
  expertise?: string[];
}

export interface UserFilters {
  role?: Role;
  status?: UserStatus;
  page: number;
  pageSize: number;
}

export interface AuditEntry {
  action: string;
  actorId: string;
  actorName?: string;
  reason: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  at: string;
}

interface UserRow {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  organisation_id: string | null;
  authority_code: string | null;
  expertise: string[];
  status: UserStatus;
  oidc_issuer: string | null;
  oidc_subject: string | null;
  created_at: Date;
  updated_at: Date;
}

const USER_COLUMNS = 'id, name, email, roles, organisation_id, authority_code, expertise, status, oidc_issuer, oidc_subject, created_at, updated_at';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY_MS = 24 * 60 * 60 * 1000;

function userOf(row: UserRow): DirectoryUser {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    roles: row.roles,
    organisationId: row.organisation_id ?? undefined,
    authorityCode: row.authority_code ?? undefined,
    expertise: row.expertise,
    status: row.status,
    oidcIssuer: row.oidc_issuer ?? undefined,
    oidcSubject: row.oidc_subject ?? undefined,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** What the audit keeps of a user before and after a change. */
function snapshot(user: Pick<DirectoryUser, 'name' | 'email' | 'status'> & Membership): Record<string, unknown> {
  return {
    name: user.name,
    email: user.email,
    status: user.status,
    roles: user.roles,
    organisationId: user.organisationId ?? null,
    authorityCode: user.authorityCode ?? null,
    expertise: user.expertise,
  };
}

/** The signed-in user a directory user becomes: roles for the services' tokens, personas for the pages. */
export function signedInUserOf(user: DirectoryUser): SignedInUser {
  const personas = DirectoryRules.personas(user);
  return {
    id: user.id,
    persona: personas[0],
    personas,
    roles: user.roles,
    name: user.name,
    email: user.email,
    organisationId: user.organisationId ?? user.authorityCode,
  };
}

/**
 * The user directory: who may sign in and with which roles. It lives in the portal because the
 * portal is the one place people sign in and the only issuer of service tokens, so the roles in a
 * token come from the database that sign-in checks. Every change is audited with who and why,
 * publishes its event through the outbox in the same transaction, and ends the user's sessions
 * when it changes what they may do.
 */
@Injectable()
export class DirectoryService {
  constructor(
    private readonly db: DataSource,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
    @Inject(PortalConfig) private readonly config: PortalConfig,
  ) {}

  /**
   * Who an identity from the provider is, binding it to a directory user on first sign-in.
   * Never trusts an email the provider has not verified; an invited user becomes active only with
   * their own valid invitation.
   */
  async matchSignIn(identity: SignInIdentity): Promise<SignInMatch> {
    return this.db.transaction(async (m) => {
      const known = await this.findUser(m, 'oidc_issuer = $1 and oidc_subject = $2', [identity.issuer, identity.subject]);
      if (known) return known.status === 'active' ? this.signedIn(known) : refused(known.status === 'deactivated' ? 'deactivated' : 'unknown');

      const email = identity.email?.trim();
      if (!email) return refused(identity.invitationToken ? 'email-not-verified' : 'unknown');
      if (!identity.emailVerified) return refused('email-not-verified');
      if (identity.invitationToken !== undefined) return this.acceptInvitation(m, identity, email);

      const user = await this.findUser(m, 'lower(email) = lower($1)', [email]);
      if (!user) return refused('unknown');
      if (user.status === 'deactivated') return refused('deactivated');
      // An invited person signs in the first time through their invitation link; an account
      // already bound to another identity is not taken over by someone with the same address.
      if (user.status !== 'active' || user.oidcSubject) return refused('unknown');
      const bound = await this.bindIdentity(m, user, identity);
      if (!bound) return refused('unknown');
      await this.audit(m, user.id, 'identity-bound', { id: user.id, name: user.name }, `First sign-in with a verified email (${identity.issuer})`, undefined, undefined);
      return this.signedIn(user);
    });
  }

  /** A session's user may go on using it: false only for a user the directory has and who is not active. */
  async sessionAllowed(userId: string): Promise<boolean> {
    if (!UUID.test(userId)) return true; // the demo users are not in the directory
    const rows: { status: UserStatus }[] = await this.db.query('select status from directory_users where id = $1', [userId]);
    return !rows[0] || rows[0].status === 'active';
  }

  /** What an invitation link is worth, for the page it lands on (it changes nothing). */
  async checkInvitation(token: string): Promise<InvitationCheck> {
    if (!INVITATION_TOKEN.test(token)) return { kind: 'invalid' };
    const rows: { name: string; status: UserStatus; expires_at: Date; used_at: Date | null }[] = await this.db.query(
      `select u.name, u.status, i.expires_at, i.used_at from directory_invitations i join directory_users u on u.id = i.user_id where i.token_hash = $1`,
      [invitationTokenHash(token)],
    );
    const row = rows[0];
    if (!row) return { kind: 'invalid' };
    if (row.used_at || row.status !== 'invited') return { kind: row.status === 'deactivated' ? 'invalid' : 'used' };
    if (new Date(row.expires_at) <= this.clock.now()) return { kind: 'expired' };
    return { kind: 'valid', name: row.name, expiresAt: new Date(row.expires_at).toISOString() };
  }

  async invite(actor: Actor, input: InviteInput, reasonInput: string): Promise<{ user: DirectoryUser; invitationUrl: string; expiresAt: string }> {
    const now = this.clock.now();
    const person = DirectoryRules.person(input);
    const membership = DirectoryRules.membership(input, now);
    const reason = DirectoryRules.reason(reasonInput);
    try {
      return await this.db.transaction(async (m) => {
        const id = randomUUID();
        await m.query(
          `insert into directory_users (id, name, email, roles, organisation_id, authority_code, expertise, status, created_at, updated_at)
           values ($1, $2, $3, $4, $5, $6, $7, 'invited', $8, $8)`,
          [id, person.name, person.email, membership.roles, membership.organisationId ?? null, membership.authorityCode ?? null, membership.expertise, now],
        );
        const user = (await this.findUser(m, 'id = $1', [id]))!;
        await this.audit(m, id, 'invited', actor, reason, undefined, snapshot(user));
        const invitation = await this.sendInvitation(m, user, actor, now);
        return { user, ...invitation };
      });
    } catch (err) {
      if (isUniqueViolation(err, 'directory_users_email')) throw new DirectoryRuleError('email-taken', 'There is already a user with this email address', 'email', 'conflict');
      throw err;
    }
  }

  /** A new link for someone who has not used theirs (lost, or expired); the old links stop working. */
  async reinvite(actor: Actor, userId: string, reasonInput: string): Promise<{ invitationUrl: string; expiresAt: string }> {
    const reason = DirectoryRules.reason(reasonInput);
    return this.db.transaction(async (m) => {
      const user = await this.lockedUser(m, userId);
      DirectoryRules.reinvite(user);
      const now = this.clock.now();
      await m.query('update directory_invitations set used_at = $2 where user_id = $1 and used_at is null', [userId, now]);
      await this.audit(m, userId, 'reinvited', actor, reason, undefined, undefined);
      return this.sendInvitation(m, user, actor, now);
    });
  }

  async changeMembership(actor: Actor, userId: string, input: Omit<InviteInput, 'name' | 'email'>, reasonInput: string): Promise<DirectoryUser> {
    const now = this.clock.now();
    const next = DirectoryRules.membership(input, now);
    const reason = DirectoryRules.reason(reasonInput);
    return this.db.transaction(async (m) => {
      const user = await this.lockedUser(m, userId);
      DirectoryRules.changeRoles(user, next, actor.id, await this.activeAdmins(m));
      await m.query(
        'update directory_users set roles = $2, organisation_id = $3, authority_code = $4, expertise = $5, updated_at = $6 where id = $1',
        [userId, next.roles, next.organisationId ?? null, next.authorityCode ?? null, next.expertise, now],
      );
      const after = { ...user, ...next, updatedAt: now.toISOString() };
      await this.audit(m, userId, 'membership-changed', actor, reason, snapshot(user), snapshot(after));
      await this.events.publish(m, UserRolesChanged, userId, {
        userId,
        roles: next.roles,
        previousRoles: user.roles,
        organisationId: next.organisationId,
        authorityCode: next.authorityCode,
        expertise: next.expertise,
        changedBy: actor.id,
        changedAt: now.toISOString(),
      });
      // The roles are in the session (and the tokens minted from it): the next sign-in carries the new ones.
      await this.endSessions(m, userId);
      return after;
    });
  }

  async deactivate(actor: Actor, userId: string, reasonInput: string): Promise<void> {
    const reason = DirectoryRules.reason(reasonInput);
    await this.db.transaction(async (m) => {
      const user = await this.lockedUser(m, userId);
      DirectoryRules.deactivate(user, actor.id, await this.activeAdmins(m));
      const now = this.clock.now();
      await m.query(`update directory_users set status = 'deactivated', updated_at = $2 where id = $1`, [userId, now]);
      // An invitation not yet used stops working too.
      await m.query('update directory_invitations set used_at = $2 where user_id = $1 and used_at is null', [userId, now]);
      await this.audit(m, userId, 'deactivated', actor, reason, snapshot(user), snapshot({ ...user, status: 'deactivated' }));
      await this.events.publish(m, UserDeactivated, userId, { userId, deactivatedBy: actor.id, deactivatedAt: now.toISOString() });
      await this.endSessions(m, userId);
    });
  }

  /** Back to active; someone deactivated before accepting their invitation needs a new one. */
  async reactivate(actor: Actor, userId: string, reasonInput: string): Promise<void> {
    const reason = DirectoryRules.reason(reasonInput);
    await this.db.transaction(async (m) => {
      const user = await this.lockedUser(m, userId);
      DirectoryRules.reactivate(user);
      const now = this.clock.now();
      const accepted = (await m.query('select 1 from directory_audit where user_id = $1 and action in ($2, $3) limit 1', [userId, 'activated', 'created'])).length > 0 || Boolean(user.oidcSubject);
      const status: UserStatus = accepted ? 'active' : 'invited';
      await m.query('update directory_users set status = $2, updated_at = $3 where id = $1', [userId, status, now]);
      await this.audit(m, userId, 'reactivated', actor, reason, snapshot(user), snapshot({ ...user, status }));
      if (status === 'active') {
        await this.events.publish(m, UserActivated, userId, { userId, roles: user.roles, via: 'reactivation', activatedBy: actor.id, activatedAt: now.toISOString() });
      } else {
        await this.sendInvitation(m, { ...user, status }, actor, now);
      }
    });
  }

  /**
   * An active admin made from the command line (the first one, or after every admin was
   * deactivated): no identity yet, bound at their first sign-in with this verified email.
   */
  async createAdmin(input: { name: string; email: string }, reasonInput: string, actor: Actor = CLI_ACTOR): Promise<DirectoryUser> {
    const person = DirectoryRules.person(input);
    const reason = DirectoryRules.reason(reasonInput);
    const now = this.clock.now();
    return this.db.transaction(async (m) => {
      // One at a time, so two commands run together cannot both see "no admin yet".
      await m.query('select pg_advisory_xact_lock($1)', [7_313_101]);
      if ((await this.activeAdmins(m)) > 0) {
        throw new DomainError('conflict', 'admin-exists', 'There is already an active admin: invite further admins from the portal (Users, Invite a user)');
      }
      const existing = await this.findUser(m, 'lower(email) = lower($1)', [person.email]);
      if (existing) throw new DomainError('conflict', 'email-taken', `There is already a user with the email ${person.email}: reactivate or change them from the portal`);
      const id = randomUUID();
      await m.query(
        `insert into directory_users (id, name, email, roles, status, created_at, updated_at) values ($1, $2, $3, '{admin}', 'active', $4, $4)`,
        [id, person.name, person.email, now],
      );
      const user = (await this.findUser(m, 'id = $1', [id]))!;
      await this.audit(m, id, 'created', actor, reason, undefined, snapshot(user));
      await this.events.publish(m, UserActivated, id, { userId: id, roles: user.roles, via: 'command-line', activatedBy: actor.id, activatedAt: now.toISOString() });
      return user;
    });
  }

  async list(filters: UserFilters): Promise<{ items: DirectoryUser[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filters.role) where.push(`$${params.push(filters.role)} = any(roles)`);
    if (filters.status) where.push(`status = $${params.push(filters.status)}`);
    const clause = where.length > 0 ? `where ${where.join(' and ')}` : '';
    const [{ total }] = await this.db.query(`select count(*)::int as total from directory_users ${clause}`, params);
    const rows: UserRow[] = await this.db.query(
      `select ${USER_COLUMNS} from directory_users ${clause} order by lower(name), id limit $${params.length + 1} offset $${params.length + 2}`,
      [...params, filters.pageSize, (filters.page - 1) * filters.pageSize],
    );
    return { items: rows.map(userOf), total };
  }

  async get(userId: string): Promise<DirectoryUser | undefined> {
    if (!UUID.test(userId)) return undefined;
    return this.findUser(this.db.manager, 'id = $1', [userId]);
  }

  /** The user's history, newest first. */
  async history(userId: string): Promise<AuditEntry[]> {
    const rows: { action: string; actor_id: string; actor_name: string | null; reason: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null; at: Date }[] =
      await this.db.query('select action, actor_id, actor_name, reason, before, after, at from directory_audit where user_id = $1 order by id desc', [userId]);
    return rows.map((r) => ({ action: r.action, actorId: r.actor_id, actorName: r.actor_name ?? undefined, reason: r.reason, before: r.before ?? undefined, after: r.after ?? undefined, at: new Date(r.at).toISOString() }));
  }

  private async acceptInvitation(m: EntityManager, identity: SignInIdentity, email: string): Promise<SignInMatch> {
    const token = identity.invitationToken!;
    if (!INVITATION_TOKEN.test(token)) return refused('invitation-invalid');
    const rows: { id: string; user_id: string; expires_at: Date; used_at: Date | null }[] = await m.query(
      'select id, user_id, expires_at, used_at from directory_invitations where token_hash = $1 for update',
      [invitationTokenHash(token)],
    );
    const invitation = rows[0];
    if (!invitation) return refused('invitation-invalid');
    const user = await this.lockedUser(m, invitation.user_id);
    if (user.status === 'deactivated') return refused('deactivated');
    if (invitation.used_at || user.status !== 'invited') return refused('invitation-used');
    const now = this.clock.now();
    if (new Date(invitation.expires_at) <= now) return refused('invitation-expired');
    if (user.email.toLowerCase() !== email.toLowerCase()) return refused('email-mismatch');
    await m.query('update directory_invitations set used_at = $2 where id = $1', [invitation.id, now]);
    const bound = await this.bindIdentity(m, user, identity, 'active');
    if (!bound) return refused('invitation-invalid');
    const active: DirectoryUser = { ...user, status: 'active', oidcIssuer: identity.issuer, oidcSubject: identity.subject };
    await this.audit(m, user.id, 'activated', { id: user.id, name: user.name }, 'Accepted the invitation and signed in', snapshot(user), snapshot(active));
    await this.events.publish(m, UserActivated, user.id, { userId: user.id, roles: user.roles, via: 'invitation', activatedBy: user.id, activatedAt: now.toISOString() });
    return this.signedIn(active);
  }

  /** Binds the provider's identity to the user; false when that identity is already someone else's. */
  private async bindIdentity(m: EntityManager, user: DirectoryUser, identity: SignInIdentity, status?: UserStatus): Promise<boolean> {
    await m.query('savepoint bind_identity');
    try {
      await m.query('update directory_users set oidc_issuer = $2, oidc_subject = $3, status = coalesce($4, status), updated_at = $5 where id = $1', [
        user.id,
        identity.issuer,
        identity.subject,
        status ?? null,
        this.clock.now(),
      ]);
      await m.query('release savepoint bind_identity');
      return true;
    } catch (err) {
      if (!isUniqueViolation(err, 'directory_users_identity')) throw err;
      await m.query('rollback to savepoint bind_identity');
      return false;
    }
  }

  private async sendInvitation(m: EntityManager, user: DirectoryUser, actor: Actor, now: Date): Promise<{ invitationUrl: string; expiresAt: string }> {
    const { token, hash } = newInvitationToken();
    const invitationId = randomUUID();
    const expiresAt = new Date(now.getTime() + this.config.INVITATION_DAYS * DAY_MS);
    await m.query('insert into directory_invitations (id, user_id, token_hash, expires_at, created_by, created_at) values ($1, $2, $3, $4, $5, $6)', [invitationId, user.id, hash, expiresAt, actor.id, now]);
    const invitationUrl = `${this.config.PORTAL_PUBLIC_URL.replace(/\/+$/, '')}/invitations/accept?token=${token}`;
    await this.events.publish(m, UserInvited, user.id, {
      userId: user.id,
      invitationId,
      name: user.name,
      email: user.email,
      roles: user.roles,
      organisationId: user.organisationId,
      authorityCode: user.authorityCode,
      expertise: user.expertise,
      invitationUrl,
      expiresAt: expiresAt.toISOString(),
      invitedBy: actor.id,
      invitedAt: now.toISOString(),
    });
    return { invitationUrl, expiresAt: expiresAt.toISOString() };
  }

  private signedIn(user: DirectoryUser): SignInMatch {
    return { kind: 'signed-in', user: signedInUserOf(user) };
  }

  private async findUser(m: EntityManager, where: string, params: unknown[], lock = false): Promise<DirectoryUser | undefined> {
    const rows: UserRow[] = await m.query(`select ${USER_COLUMNS} from directory_users where ${where}${lock ? ' for update' : ''}`, params);
    return rows[0] && userOf(rows[0]);
  }

  private async lockedUser(m: EntityManager, userId: string): Promise<DirectoryUser> {
    const user = UUID.test(userId) ? await this.findUser(m, 'id = $1', [userId], true) : undefined;
    if (!user) throw DomainError.notFound('User', userId);
    return user;
  }

  /** Active admins, counted under a lock so two admins demoting each other at once cannot leave none. */
  private async activeAdmins(m: EntityManager): Promise<number> {
    await m.query('select pg_advisory_xact_lock($1)', [7_313_102]);
    const [{ count }] = await m.query(`select count(*)::int as count from directory_users where status = 'active' and 'admin' = any(roles)`);
    return count;
  }

  private async audit(m: EntityManager, userId: string, action: string, actor: Actor, reason: string, before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): Promise<void> {
    await m.query('insert into directory_audit (user_id, action, actor_id, actor_name, reason, before, after, at) values ($1, $2, $3, $4, $5, $6, $7, $8)', [
      userId,
      action,
      actor.id,
      actor.name ?? null,
      reason,
      before ? JSON.stringify(before) : null,
      after ? JSON.stringify(after) : null,
      this.clock.now(),
    ]);
  }

  private async endSessions(m: EntityManager, userId: string): Promise<void> {
    await m.query(`delete from portal_sessions where data->'user'->>'id' = $1`, [userId]);
  }
}

const refused = (reason: SignInRefusal): SignInMatch => ({ kind: 'refused', reason });
