import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A mutual reaches its awards and packages of support through its linked cases, so links of kind
 * `award` and `support-package` (only ever written by the demo) are read by nothing: they go, and
 * a link is to an application, a bid or a case.
 */
export class MutualLinkKinds1796025000000 implements MigrationInterface {
  name = 'MutualLinkKinds1796025000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`delete from mutual_links where kind in ('award', 'support-package')`);
    await q.query(`alter table mutual_links drop constraint mutual_links_kind_check`);
    await q.query(`alter table mutual_links add constraint mutual_links_kind_check check (kind in ('application', 'bid', 'case'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table mutual_links drop constraint mutual_links_kind_check`);
    await q.query(`alter table mutual_links add constraint mutual_links_kind_check check (kind in ('application', 'bid', 'case', 'award', 'support-package'))`);
  }
}
