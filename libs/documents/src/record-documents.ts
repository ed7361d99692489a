import type { Response } from 'express';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '@mutuals/domain';
import { DocumentType } from './detection';
import { DocumentChecks, UploadedFile } from './document-check';
import { DocumentStore } from './document-store';
import { attachmentDisposition } from './file-names';

/** A stored document's details, as the services' APIs show them. */
export interface StoredDocument {
  id: string;
  name: string;
  type: DocumentType;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploadedAt: string;
}

/** How a record's documents are kept: a table with the same columns in each service, keyed to its record. */
export interface DocumentTable {
  /** e.g. `application_documents`. */
  table: string;
  /** The column naming the record, e.g. `application_id`. */
  ownerColumn: string;
  /** Where the bytes go in the store, e.g. `applications/`. */
  keyPrefix: string;
}

/** As events carry them: never the bytes. */
export const documentRefOf = (d: StoredDocument) => ({ documentId: d.id, name: d.name, contentType: d.contentType, sizeBytes: d.sizeBytes, sha256: d.sha256 });

/** A record's documents as its events carry them, read in the transaction that publishes them. */
export async function documentRefsIn(m: EntityManager, spec: DocumentTable, ownerId: string) {
  const rows = await m.query(`select * from ${spec.table} where ${spec.ownerColumn} = $1 order by uploaded_at, id`, [ownerId]);
  return rows.map((r: Record<string, any>) => documentRefOf(documentOf(r)));
}

/** Sends the bytes as a download, whatever the type (never shown inline). */
export function sendDocument(res: Response, document: StoredDocument, bytes: Buffer): void {
  res.set({
    'Content-Type': document.contentType,
    'Content-Length': String(bytes.length),
    'Content-Disposition': attachmentDisposition(document.name),
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(bytes);
}

/** Who may change a record's documents, decided in the transaction that changes them (the record locked). */
export type DocumentGuard = (m: EntityManager) => Promise<{ allowed: readonly DocumentType[] }>;
/** What else the change writes in that transaction: an audit row, the record's version. */
export type DocumentEffect = (m: EntityManager, document: StoredDocument) => Promise<void>;

/**
 * The documents of one kind of record in one service: added after every check (the bytes to the
 * store first, the row after, the bytes removed again if the row is not written), listed, read and
 * removed. Who may do what is the caller's: it passes a guard run under the record's lock.
 */
export class RecordDocuments {
  constructor(
    private readonly spec: DocumentTable,
    private readonly dataSource: DataSource,
    private readonly checks: DocumentChecks,
    private readonly store: DocumentStore,
  ) {}

  get limits() {
    return this.checks.limits;
  }

  get table(): DocumentTable {
    return this.spec;
  }

  async list(ownerId: string, m: EntityManager = this.dataSource.manager): Promise<StoredDocument[]> {
    const rows = await m.query(`select * from ${this.spec.table} where ${this.spec.ownerColumn} = $1 order by uploaded_at, id`, [ownerId]);
    return rows.map(documentOf);
  }

  async add(ownerId: string, file: UploadedFile | undefined, uploadedBy: string, guard: DocumentGuard, effect: DocumentEffect): Promise<StoredDocument> {
    const { allowed } = await guard(this.dataSource.manager);
    const checked = await this.checks.check(file, allowed, await this.storedBytes(this.dataSource.manager, ownerId));
    const key = this.spec.keyPrefix + checked.id;
    await this.store.put(key, checked.bytes, checked.contentType);
    try {
      return await this.dataSource.transaction(async (m) => {
        await guard(m);
        // Checked again under the lock: two uploads at once must not pass the total together.
        this.checks.assertWithinTotal(await this.storedBytes(m, ownerId), checked.sizeBytes);
        const [row] = await m.query(
          `insert into ${this.spec.table} (id, ${this.spec.ownerColumn}, name, type, content_type, size_bytes, sha256, uploaded_by) values ($1, $2, $3, $4, $5, $6, $7, $8) returning *`,
          [checked.id, ownerId, checked.name, checked.type, checked.contentType, checked.sizeBytes, checked.sha256, uploadedBy],
        );
        const document = documentOf(row);
        await effect(m, document);
        return document;
      });
    } catch (err) {
      await this.store.delete(key).catch(() => undefined);
      throw err;
    }
  }

  async remove(ownerId: string, documentId: string, guard: DocumentGuard, effect: DocumentEffect): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await guard(m);
      // TypeORM answers a DELETE with [rows, count].
      const [[row]] = await m.query(`delete from ${this.spec.table} where id = $1 and ${this.spec.ownerColumn} = $2 returning *`, [documentId, ownerId]);
      if (!row) throw DomainError.notFound('Document', documentId);
      await effect(m, documentOf(row));
    });
    await this.store.delete(this.spec.keyPrefix + documentId);
  }

  /** The document and its bytes; the caller has checked the reader may see the record. */
  async read(ownerId: string, documentId: string): Promise<{ document: StoredDocument; bytes: Buffer }> {
    const [row] = await this.dataSource.query(`select * from ${this.spec.table} where id = $1 and ${this.spec.ownerColumn} = $2`, [documentId, ownerId]);
    if (!row) throw DomainError.notFound('Document', documentId);
    const bytes = await this.store.get(this.spec.keyPrefix + documentId);
    if (!bytes) throw new Error(`Document ${documentId} has no bytes in the ${this.store.kind} store`);
    return { document: documentOf(row), bytes };
  }

  private async storedBytes(m: EntityManager, ownerId: string): Promise<number> {
    const [{ total }] = await m.query(`select coalesce(sum(size_bytes), 0)::bigint as total from ${this.spec.table} where ${this.spec.ownerColumn} = $1`, [ownerId]);
    return Number(total);
  }
}

/** A row of a document table as the APIs show it. */
export function documentOf(r: Record<string, any>): StoredDocument {
  return { id: r.id, name: r.name, type: r.type, contentType: r.content_type, sizeBytes: Number(r.size_bytes), sha256: r.sha256, uploadedAt: new Date(r.uploaded_at).toISOString() };
}

/** The table a service keeps a record's documents in (its migration calls this). */
export function documentTableSql(spec: DocumentTable, ownerReference: string): string[] {
  return [
    `create table ${spec.table} (
      id uuid primary key,
      ${spec.ownerColumn} uuid not null references ${ownerReference},
      name text not null,
      type text not null,
      content_type text not null,
      size_bytes integer not null check (size_bytes > 0),
      sha256 text not null,
      uploaded_by text not null,
      uploaded_at timestamptz not null default now()
    )`,
    `create index ${spec.table}_owner on ${spec.table} (${spec.ownerColumn}, uploaded_at, id)`,
  ];
}
