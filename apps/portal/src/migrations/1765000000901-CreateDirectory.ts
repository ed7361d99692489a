import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The user directory: who may sign in, with which roles and memberships; their invitations (only a
 * hash of each token); and the audit of every change, with who made it and why.
 */
export class CreateDirectory1765000000901 implements MigrationInterface {
  name = 'CreateDirectory1765000000901';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table directory_users (
        id uuid primary key,
        name text not null,
        email text not null,
        roles text[] not null check (cardinality(roles) > 0 and roles <@ array['applicant', 'assessor', 'programme_officer', 'admin']),
        organisation_id uuid,
        authority_code text,
        expertise text[] not null default '{}',
        status text not null check (status in ('invited', 'active', 'deactivated')),
        oidc_issuer text,
        oidc_subject text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        check ((oidc_issuer is null) = (oidc_subject is null))
      )`);
    // One account per address whatever its case; one account per identity at the provider.
    await q.query('create unique index directory_users_email on directory_users (lower(email))');
    await q.query('create unique index directory_users_identity on directory_users (oidc_issuer, oidc_subject) where oidc_subject is not null');
    await q.query('create index directory_users_status on directory_users (status, lower(name))');
    await q.query(`
      create table directory_invitations (
        id uuid primary key,
        user_id uuid not null references directory_users (id),
        token_hash text not null unique,
        expires_at timestamptz not null,
        used_at timestamptz,
        created_by text not null,
        created_at timestamptz not null default now()
      )`);
    await q.query('create index directory_invitations_user on directory_invitations (user_id)');
    await q.query(`
      create table directory_audit (
        id bigserial primary key,
        user_id uuid not null references directory_users (id),
        action text not null,
        actor_id text not null,
        actor_name text,
        reason text not null,
        before jsonb,
        after jsonb,
        at timestamptz not null default now()
      )`);
    await q.query('create index directory_audit_user on directory_audit (user_id, id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table directory_audit');
    await q.query('drop table directory_invitations');
    await q.query('drop table directory_users');
  }
}
