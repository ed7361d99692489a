import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { ContactChanged } from '@mutuals/contracts';
import { DomainError } from '@mutuals/domain';
import { offsetOf, Page, PageQuery } from '@mutuals/http';
import { EventPublisher } from '@mutuals/messaging';
import { isUniqueViolation } from '@mutuals/persistence';
import { ContactKind, Person } from '../events/message-plans';

export interface Contact extends Person {
  id: string;
  kind: ContactKind;
  organisation: string | null;
  createdAt: Date;
}

interface ContactRow {
  id: string;
  kind: ContactKind;
  name: string;
  email: string;
  organisation: string | null;
  created_at: Date;
}

const toContact = (r: ContactRow): Contact => ({ id: r.id, kind: r.kind, name: r.name, email: r.email, organisation: r.organisation, createdAt: r.created_at });

/** Officers and councils: recipients no event names. */
@Injectable()
export class ContactsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventPublisher,
  ) {}

  /** Adds a contact and records who added them and why, in one transaction. */
  async add(contact: { kind: ContactKind; name: string; email: string; organisation?: string }, by?: ChangedBy): Promise<Contact> {
    try {
      return await this.dataSource.transaction(async (m) => {
        const [row]: ContactRow[] = await m.query(
          `insert into contacts (id, kind, name, email, organisation) values ($1, $2, $3, lower($4), $5) returning *`,
          [randomUUID(), contact.kind, contact.name, contact.email, contact.organisation ?? null],
        );
        await this.recordChange(m, row, 'added', by);
        return toContact(row);
      });
    } catch (err) {
      if (isUniqueViolation(err, 'contacts_once')) {
        throw new DomainError('conflict', 'contact-exists', `${contact.email} is already on the ${contact.kind} contact list`, { fields: ['email'] });
      }
      throw err;
    }
  }

  /** Every change to the contact lists, newest first (the id breaks ties). */
  async changes(query: PageQuery): Promise<Page<ContactChange>> {
    const { offset, limit, page, pageSize } = offsetOf(query);
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(`select * from contact_changes order by at desc, id desc offset $1 limit $2`, [offset, limit]),
      this.dataSource.query(`select count(*)::int as total from contact_changes`),
    ]);
    return {
      items: rows.map((r: Record<string, any>) => ({ contactId: r.contact_id, action: r.action, kind: r.kind, email: r.email, actor: r.actor, reason: r.reason, at: r.at.toISOString() })),
      page,
      pageSize,
      total,
    };
  }

  /** A page of contacts by kind, name and email (the id breaks ties), with the count of every matching one. */
  async page(kind: ContactKind | undefined, query: PageQuery): Promise<Page<Contact>> {
    const { offset, limit, page, pageSize } = offsetOf(query);
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(`select * from contacts where ($1::text is null or kind = $1) order by kind, name, email, id offset $2 limit $3`, [kind ?? null, offset, limit]),
      this.dataSource.query(`select count(*)::int as total from contacts where ($1::text is null or kind = $1)`, [kind ?? null]),
    ]);
    return { items: (rows as ContactRow[]).map(toContact), page, pageSize, total };
  }

  async list(kind?: ContactKind, manager: EntityManager = this.dataSource.manager): Promise<Contact[]> {
    const rows: ContactRow[] = await manager.query(
      `select * from contacts where ($1::text is null or kind = $1) order by kind, name, email`,
      [kind ?? null],
    );
    return rows.map(toContact);
  }

  async remove(id: string, by?: ChangedBy): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const [rows]: [ContactRow[], number] = await m.query('delete from contacts where id = $1 returning *', [id]);
      if (rows.length === 0) throw DomainError.notFound('Contact', id);
      await this.recordChange(m, rows[0], 'removed', by);
    });
  }

  /** Kept with who and why, and published (without the email address) in the same transaction. */
  private async recordChange(m: EntityManager, row: ContactRow, action: 'added' | 'removed', by: ChangedBy | undefined): Promise<void> {
    const actor = by?.actor ?? 'system';
    const [change] = await m.query(
      'insert into contact_changes (contact_id, action, kind, email, actor, reason) values ($1, $2, $3, $4, $5, $6) returning at',
      [row.id, action, row.kind, row.email, actor, by?.reason ?? null],
    );
    await this.events.publish(m, ContactChanged, row.id, {
      contactId: row.id,
      change: action,
      list: row.kind,
      name: row.name,
      organisation: row.organisation,
      changedBy: actor,
      reason: by?.reason ?? null,
      changedAt: new Date(change.at).toISOString(),
    });
  }
}

/** Who changed a contact list and why; the demo seeder is 'system'. */
export interface ChangedBy {
  actor: string;
  reason?: string;
}

export interface ContactChange {
  contactId: string;
  action: 'added' | 'removed';
  kind: ContactKind;
  email: string;
  actor: string;
  reason: string | null;
  at: string;
}
