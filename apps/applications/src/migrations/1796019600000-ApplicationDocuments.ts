import { MigrationInterface, QueryRunner } from 'typeorm';
import { documentTableSql } from '@mutuals/documents';

/** Documents attached to applications (their bytes in the document store), and the types each fund accepts. */
export class ApplicationDocuments1796019600000 implements MigrationInterface {
  name = 'ApplicationDocuments1796019600000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of documentTableSql({ table: 'application_documents', ownerColumn: 'application_id', keyPrefix: 'applications/' }, 'applications (id)')) await q.query(sql);
    await q.query(`alter table funds add column allowed_document_types text[] not null default '{pdf,docx,xlsx,odt,ods,csv}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('alter table funds drop column allowed_document_types');
    await q.query('drop table application_documents');
  }
}
