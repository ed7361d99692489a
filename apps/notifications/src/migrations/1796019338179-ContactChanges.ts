import { MigrationInterface, QueryRunner } from 'typeorm';

/** Who added or removed each contact, when and why: the contact lists' audit trail. */
export class ContactChanges1796019338179 implements MigrationInterface {
  name = 'ContactChanges1796019338179';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table contact_changes (
        id bigserial primary key,
        contact_id uuid not null,
        action text not null check (action in ('added', 'removed')),
        kind text not null,
        email text not null,
        actor text not null,
        reason text,
        at timestamptz not null default now()
      )`);
    await q.query('create index contact_changes_contact on contact_changes (contact_id, at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table contact_changes');
  }
}
