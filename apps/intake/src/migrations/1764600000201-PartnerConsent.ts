import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partners accept or decline being named in a joint bid; only the lead and accepted partners hold
 * a place in the round. Partners of bids already submitted are taken as accepted (the bid stands as
 * screened); partners of drafts are invited again and their places freed, since none agreed.
 */
export class PartnerConsent1764600000201 implements MigrationInterface {
  name = 'PartnerConsent1764600000201';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table bid_partners (
        bid_id uuid not null references bids (id),
        authority_code text not null,
        answer text not null check (answer in ('invited', 'accepted', 'declined')),
        invited_at timestamptz not null default now(),
        answered_by text,
        answered_at timestamptz,
        reason text,
        primary key (bid_id, authority_code)
      )`);
    await q.query(`create index bid_partners_authority on bid_partners (authority_code, answer)`);
    await q.query(`
      insert into bid_partners (bid_id, authority_code, answer, invited_at, answered_by, answered_at)
      select b.id, p.code, case when b.status = 'draft' then 'invited' else 'accepted' end, b.created_at,
             case when b.status = 'draft' then null else 'migration' end, case when b.status = 'draft' then null else now() end
      from bids b cross join unnest(b.partner_authority_codes) as p (code)`);
    await q.query(`delete from bid_memberships m using bids b where b.id = m.bid_id and m.role = 'partner' and b.status = 'draft'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table bid_partners');
  }
}
