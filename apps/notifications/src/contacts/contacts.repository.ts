import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '@mutuals/domain';
import { offsetOf, Page, PageQuery } from '@mutuals/http';
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
  constructor(private readonly dataSource: DataSource) {}

  async add(contact: { kind: ContactKind; name: string; email: string; organisation?: string }): Promise<Contact> {
    try {
      const [row]: ContactRow[] = await this.dataSource.query(
        `insert into contacts (id, kind, name, email, organisation) values ($1, $2, $3, lower($4), $5) returning *`,
        [randomUUID(), contact.kind, contact.name, contact.email, contact.organisation ?? null],
      );
      return toContact(row);
    } catch (err) {
      if (isUniqueViolation(err, 'contacts_once')) {
        throw new DomainError('conflict', 'contact-exists', `${contact.email} is already on the ${contact.kind} contact list`);
      }
      throw err;
    }
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

  async remove(id: string): Promise<void> {
    const [, removed]: [unknown, number] = await this.dataSource.query('delete from contacts where id = $1', [id]);
    if (removed === 0) throw DomainError.notFound('Contact', id);
  }
}
