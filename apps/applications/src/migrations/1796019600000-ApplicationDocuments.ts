import { MigrationInterface, QueryRunner } from 'typeorm';

/** Documents attached to applications (their bytes in the document store), and the types each fund accepts. */
export class ApplicationDocuments1796019600000 implements MigrationInterface {
  name = 'ApplicationDocuments1796019600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table application_documents (
        id uuid primary key,
        application_id uuid not null references applications (id),
        name text not null,
        type text not null,
        content_type text not null,
        size_bytes integer not null check (size_bytes > 0),
        sha256 text not null,
        uploaded_by text not null,
        uploaded_at timestamptz not null default now()
      )`);
    await q.query('create index application_documents_application on application_documents (application_id, uploaded_at, id)');
    await q.query(`alter table funds add column allowed_document_types text[] not null default '{pdf,docx,xlsx,odt,ods,csv}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('alter table funds drop column allowed_document_types');
    await q.query('drop table application_documents');
  }
}
