import { MigrationInterface, QueryRunner } from 'typeorm';

/** The lists' stable orders, so a page of cases or awards is read from an index rather than a sort of the whole table. */
export class ListOrderIndexes1764800000301 implements MigrationInterface {
  name = 'ListOrderIndexes1764800000301';

  async up(q: QueryRunner): Promise<void> {
    await q.query('create index cases_newest on cases (opened_at desc, id desc)');
    await q.query('create index cases_programme_newest on cases (programme_id, opened_at desc, id desc)');
    await q.query('create index awards_newest on awards (offered_at desc, id desc)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop index awards_newest');
    await q.query('drop index cases_programme_newest');
    await q.query('drop index cases_newest');
  }
}
