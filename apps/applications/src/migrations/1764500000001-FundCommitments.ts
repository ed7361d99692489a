import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the awards service has committed on each fund (awards.budget.committed-changed), so an
 * officer cannot lower a fund's budget below it. The newest revision wins.
 */
export class FundCommitments1764500000001 implements MigrationInterface {
  name = 'FundCommitments1764500000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table fund_commitments (
        fund_id uuid primary key,
        committed_pence bigint not null check (committed_pence >= 0),
        revision bigint not null,
        changed_at timestamptz not null
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table fund_commitments');
  }
}
