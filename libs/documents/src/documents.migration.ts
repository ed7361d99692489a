import { MigrationInterface, QueryRunner } from 'typeorm';

/** The PostgreSQL document store's table (DOCUMENT_STORE=postgres); list it in each service that keeps documents. */
export class CreateDocumentBlobs1796019182255 implements MigrationInterface {
  name = 'CreateDocumentBlobs1796019182255';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table document_blobs (
        key text primary key,
        content_type text not null,
        bytes bytea not null,
        stored_at timestamptz not null default now()
      )`);
    // Bytes are stored as they came: compressing PDFs and zips again gains nothing.
    await q.query('alter table document_blobs alter column bytes set storage external');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table document_blobs');
  }
}
