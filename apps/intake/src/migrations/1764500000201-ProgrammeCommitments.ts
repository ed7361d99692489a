import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the awards service has committed on each bid programme (awards.budget.committed-changed), so
 * an officer cannot lower a programme's budget below it. The newest revision wins.
 */
export class ProgrammeCommitments1764500000201 implements MigrationInterface {
  name = 'ProgrammeCommitments1764500000201';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table programme_commitments (
        programme_id uuid primary key,
        committed_pence bigint not null check (committed_pence >= 0),
        revision bigint not null,
        changed_at timestamptz not null
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table programme_commitments');
  }
}
