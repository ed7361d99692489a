import { MigrationInterface, QueryRunner } from 'typeorm';

/** The applicant sees until when a grant offer stands. */
export class OfferExpiry1763000000004 implements MigrationInterface {
  name = 'OfferExpiry1763000000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table applications add column offer_expires_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table applications drop column offer_expires_at`);
  }
}
