import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The portfolio dashboard counts a bid programme's bids, including those screened out before a case
 * opened: a screening now keeps the programme it was for (earlier ones take it from their case).
 */
export class PortfolioDashboard1796024500000 implements MigrationInterface {
  name = 'PortfolioDashboard1796024500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table bid_screenings add column programme_id uuid`);
    await q.query(`update bid_screenings s set programme_id = c.programme_id from cases c where c.source = 'bid' and c.source_id = s.bid_id`);
    await q.query(`create index bid_screenings_programme on bid_screenings (programme_id)`);
    // The pipeline counts stage entries by stage and date.
    await q.query(`create index mutual_stages_stage on mutual_stages (stage, entered_on)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index mutual_stages_stage`);
    await q.query(`alter table bid_screenings drop column programme_id`);
  }
}
