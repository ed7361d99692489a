import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuthenticatedUser } from '@mutuals/auth';
import { EnquiryRecorded, MutualFiguresRecorded, MutualRef, MutualRegistered, MutualStageRecorded } from '@mutuals/contracts';
import { DeliveryRoute, DomainError, JourneyStage, MUTUAL_ROUTES } from '@mutuals/domain';
import { offsetOf, Page } from '@mutuals/http';
import { EventPublisher } from '@mutuals/messaging';
import { isUniqueViolation } from '@mutuals/persistence';
import { audit } from '../audit/audit-trail';
import { Case } from '../cases/case';
import { Journey } from './journey';
import { EnquiryDto, EnquiryQuery, EnquiryView, FiguresDto, LinkDto, MutualLinksView, MutualQuery, MutualSummaryView, MutualView, RegisterMutualDto, StageDto } from './mutuals.dto';

interface MutualRow {
  id: string;
  reference: string;
  name: string;
  stage: JourneyStage;
  entered_on: string;
  route: DeliveryRoute | null;
  launched: string | null;
  version: number;
}

interface NewFigures {
  asOf: string;
  staffCount: number;
  contractValuePence: number;
  source: 'launch' | 'monitoring-return' | 'officer';
  sourceId: string | null;
  actor: string;
}

type LinkKind = 'application' | 'bid' | 'case';

const today = () => new Date().toISOString().slice(0, 10);
const iso = (d: Date | string) => new Date(d).toISOString();
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const referenceOf = (prefix: string, id: string) => `${prefix}-${id.slice(0, 8).toUpperCase()}`;
const refOf = (row: Pick<MutualRow, 'id' | 'reference' | 'name'>): MutualRef => ({ mutualId: row.id, reference: row.reference, name: row.name });
/** Only the fields given, so an event carries no nulls for what was not said. */
const given = <T extends Record<string, unknown>>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as { [K in keyof T]?: NonNullable<T[K]> };
/** A text filter used in ilike, its wildcards taken literally. */
const likeOf = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const MUTUAL_COLUMNS = `m.*, to_char(m.stage_entered_on, 'YYYY-MM-DD') as entered_on, to_char(m.launched_on, 'YYYY-MM-DD') as launched`;

/**
 * The register of mutuals: enquiries to the information service, each mutual's journey from enquiry
 * to trading (every stage kept), its figures over time and what links it to cases, bids and awards.
 */
@Injectable()
export class MutualsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventPublisher,
  ) {}

  /** Records an enquiry; one triaged register-as-mutual also puts the organisation on the register. */
  async recordEnquiry(officer: AuthenticatedUser, input: EnquiryDto): Promise<EnquiryView> {
    if (input.receivedOn > today()) throw new DomainError('unprocessable', 'date-in-future', `receivedOn (${input.receivedOn}) is in the future`, { fields: ['receivedOn'] });
    const id = randomUUID();
    const reference = referenceOf('ENQ', id);
    await this.dataSource.transaction(async (m) => {
      let mutualId: string | undefined;
      if (input.triage === 'register-as-mutual') {
        for (const field of ['parentBody', 'parentBodyKind', 'sector'] as const) {
          if (!input[field]) throw new DomainError('unprocessable', 'mutual-details-missing', `${field} is needed to register the organisation as a mutual`, { fields: [field] });
        }
        mutualId = await this.insertMutual(m, officer, {
          name: input.organisationName,
          parentBody: input.parentBody!,
          parentBodyKind: input.parentBodyKind!,
          sector: input.sector!,
          region: input.region,
          enteredOn: input.receivedOn,
          evidence: `Enquiry ${reference}: ${input.topic}`,
          enquiryId: id,
        });
      }
      const [saved] = await m.query(
        `insert into enquiries (id, reference, received_on, enquirer_name, enquirer_email, organisation_name, parent_body, parent_body_kind, sector, region, topic, triage, advice_given, mutual_id, recorded_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) returning recorded_at`,
        [
          id, reference, input.receivedOn, input.enquirerName, input.enquirerEmail, input.organisationName, input.parentBody ?? null, input.parentBodyKind ?? null,
          input.sector ?? null, input.region ?? null, input.topic, input.triage, input.adviceGiven, mutualId ?? null, officer.id,
        ],
      );
      // Who asked (name, email) stays here: the event and the audit say what was asked, by which organisation.
      const about = {
        receivedOn: input.receivedOn,
        organisationName: input.organisationName,
        topic: input.topic,
        triage: input.triage,
        ...given({ parentBody: input.parentBody, parentBodyKind: input.parentBodyKind, sector: input.sector, region: input.region, mutualId }),
      };
      await this.events.publish(m, EnquiryRecorded, id, { enquiryId: id, reference, ...about, recordedBy: officer.id, recordedAt: iso(saved.recorded_at) });
      await audit(m, { subjectType: 'enquiry', subjectId: id, action: 'enquiry-recorded', actor: officer.id, details: { reference, ...about } });
    });
    return this.enquiry(id);
  }

  async enquiry(id: string): Promise<EnquiryView> {
    const [row] = await this.dataSource.query(`${ENQUIRY_SELECT} where e.id = $1`, [id]);
    if (!row) throw DomainError.notFound('Enquiry', id);
    return enquiryView(row);
  }

  /** Newest received first (the id breaks ties). */
  async enquiries(query: EnquiryQuery): Promise<Page<EnquiryView>> {
    const { offset, limit, page, pageSize } = offsetOf(query);
    const where = `where ($1::text is null or e.triage = $1) and ($2::date is null or e.received_on >= $2) and ($3::date is null or e.received_on <= $3)`;
    const params = [query.triage ?? null, query.receivedFrom ?? null, query.receivedTo ?? null];
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(`${ENQUIRY_SELECT} ${where} order by e.received_on desc, e.id offset $4 limit $5`, [...params, offset, limit]),
      this.dataSource.query(`select count(*)::int as total from enquiries e ${where}`, params),
    ]);
    return { items: rows.map(enquiryView), page, pageSize, total };
  }

  async register(officer: AuthenticatedUser, input: RegisterMutualDto): Promise<MutualView> {
    const enteredOn = input.enteredOn ?? today();
    if (enteredOn > today()) throw new DomainError('unprocessable', 'date-in-future', `enteredOn (${enteredOn}) is in the future`, { fields: ['enteredOn'] });
    const id = await this.dataSource.transaction((m) => this.insertMutual(m, officer, { ...input, enteredOn, evidence: 'Registered by a programme officer' }));
    return this.get(id);
  }

  /** By name (the id breaks ties). */
  async list(query: MutualQuery): Promise<Page<MutualSummaryView>> {
    const { offset, limit, page, pageSize } = offsetOf(query);
    const where = `where ($1::text is null or m.stage = $1) and ($2::text is null or m.sector = $2) and ($3::text is null or m.region = $3)
      and ($4::text is null or m.parent_body_kind = $4) and ($5::text is null or m.route = $5)
      and ($6::date is null or m.launched_on >= $6) and ($7::date is null or m.launched_on <= $7) and ($8::text is null or m.name ilike $8)`;
    const params = [
      query.stage ?? null, query.sector ?? null, query.region ?? null, query.parentBodyKind ?? null, query.route ?? null,
      query.launchedFrom ?? null, query.launchedTo ?? null, query.name ? likeOf(query.name) : null,
    ];
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(`select ${MUTUAL_COLUMNS} from mutuals m ${where} order by m.name, m.id offset $9 limit $10`, [...params, offset, limit]),
      this.dataSource.query(`select count(*)::int as total from mutuals m ${where}`, params),
    ]);
    return { items: rows.map(summaryView), page, pageSize, total };
  }

  /** The mutual with its whole journey, its figures over time and everything linked to it. */
  async get(id: string): Promise<MutualView> {
    const q = this.dataSource.manager;
    const [row] = await q.query(`select ${MUTUAL_COLUMNS} from mutuals m where m.id = $1`, [id]);
    if (!row) throw DomainError.notFound('Mutual', id);
    const [stages, figures, links] = await Promise.all([
      q.query(`select *, to_char(entered_on, 'YYYY-MM-DD') as day from mutual_stages where mutual_id = $1 order by entered_on, recorded_at, id`, [id]),
      q.query(`select *, to_char(as_of, 'YYYY-MM-DD') as day from mutual_figures where mutual_id = $1 order by as_of, recorded_at, id`, [id]),
      this.links(q, id),
    ]);
    return {
      ...summaryView(row),
      stages: stages.map((s: Record<string, any>) => ({ id: s.id, stage: s.stage, enteredOn: s.day, evidence: s.evidence, details: s.details, recordedBy: s.recorded_by, recordedAt: iso(s.recorded_at) })),
      figures: figures.map((f: Record<string, any>) => ({
        id: f.id,
        asOf: f.day,
        staffCount: f.staff_count,
        contractValuePence: Number(f.contract_value_pence),
        source: f.source,
        sourceId: f.source_id,
        recordedBy: f.recorded_by,
        recordedAt: iso(f.recorded_at),
      })),
      links,
    };
  }

  /** The next stage of the journey, if the rules allow it and nobody has changed the mutual since it was read. */
  async recordStage(officer: AuthenticatedUser, id: string, input: StageDto): Promise<MutualView> {
    await this.dataSource.transaction(async (m) => {
      const row = await this.lock(m, id);
      if (row.version !== input.expectedVersion) {
        throw new DomainError('conflict', 'stale-version', `This mutual has changed since it was read (it is at version ${row.version}, not ${input.expectedVersion}); reload it and try again`, {
          version: row.version,
        });
      }
      const change = new Journey({ stage: row.stage, enteredOn: row.entered_on, route: row.route, launchedOn: row.launched }).next(input, today());
      await m.query('insert into mutual_stages (id, mutual_id, stage, entered_on, evidence, details, recorded_by) values ($1, $2, $3, $4, $5, $6, $7)', [
        randomUUID(), id, change.stage, change.enteredOn, input.evidence, JSON.stringify(change.details), officer.id,
      ]);
      const launch = change.launch;
      const [[updated]] = await m.query(
        `update mutuals set stage = $2, stage_entered_on = $3, version = version + 1, updated_at = now(),
           route = coalesce($4, route), route_reason = case when $4::text is null then route_reason else $5 end,
           launched_on = coalesce($6, launched_on), legal_form = coalesce($7, legal_form), contract_months = coalesce($8, contract_months),
           commissioning_body = coalesce($9, commissioning_body), commissioning_body_kind = coalesce($10, commissioning_body_kind)
         where id = $1 returning version, route`,
        [
          id, change.stage, change.enteredOn, change.route?.route ?? null, change.route?.reason ?? null, launch?.launchedOn ?? null, launch?.legalForm ?? null,
          launch?.contractMonths ?? null, launch?.commissioningBody ?? null, launch?.commissioningBodyKind ?? null,
        ],
      );
      const recordedAt = new Date().toISOString();
      await this.events.publish(m, MutualStageRecorded, id, {
        ...refOf(row),
        stage: change.stage,
        previousStage: change.previousStage,
        enteredOn: change.enteredOn,
        details: change.details,
        ...given({ route: updated.route }),
        version: updated.version,
        recordedBy: officer.id,
        recordedAt,
      });
      await audit(m, { subjectType: 'mutual', subjectId: id, action: 'stage-recorded', actor: officer.id, details: { stage: change.stage, previousStage: change.previousStage, enteredOn: change.enteredOn, evidence: input.evidence, details: change.details } });
      if (launch) {
        await this.addFigures(m, row, { asOf: launch.launchedOn, staffCount: launch.staffTransferred, contractValuePence: launch.contractValuePence, source: 'launch', sourceId: null, actor: officer.id });
      }
    });
    return this.get(id);
  }

  /** Figures an officer learnt of after the launch (a contract won or lost, a restructure). */
  async recordFigures(officer: AuthenticatedUser, id: string, input: FiguresDto): Promise<MutualView> {
    await this.dataSource.transaction(async (m) => {
      const row = await this.lock(m, id);
      if (!row.launched) throw new DomainError('conflict', 'not-launched', 'Figures are recorded from the launch on; record the launch first');
      if (input.asOf > today()) throw new DomainError('unprocessable', 'date-in-future', `asOf (${input.asOf}) is in the future`, { fields: ['asOf'] });
      if (input.asOf < row.launched) throw new DomainError('unprocessable', 'before-launch', `asOf (${input.asOf}) is before the launch on ${row.launched}`, { fields: ['asOf'] });
      await this.addFigures(m, row, { asOf: input.asOf, staffCount: input.staffCount, contractValuePence: input.contractValuePence, source: 'officer', sourceId: null, actor: officer.id }, input.reason);
    });
    return this.get(id);
  }

  /**
   * A monitoring return of an award whose case is linked to a mutual: its staff and contract value
   * become one of the mutual's figures, in the return's transaction. A corrected return (resubmitted
   * after the officer returned it) replaces its earlier figures.
   */
  async recordReturnFigures(m: EntityManager, caseId: string, returnId: string, figures: { staff: number; contractValuePence: number; actor: string }): Promise<void> {
    const [link] = await m.query(`select mutual_id from mutual_links where kind = 'case' and ref_id = $1`, [caseId]);
    if (!link) return;
    const row = await this.lock(m, link.mutual_id);
    const [r] = await m.query(`select to_char(period_end, 'YYYY-MM-DD') as pe from monitoring_returns where id = $1`, [returnId]);
    await m.query(`delete from mutual_figures where mutual_id = $1 and source = 'monitoring-return' and source_id = $2`, [row.id, returnId]);
    await this.addFigures(m, row, { asOf: r.pe, staffCount: figures.staff, contractValuePence: figures.contractValuePence, source: 'monitoring-return', sourceId: returnId, actor: figures.actor });
  }

  /** An officer links an application, bid or case awards knows of; its case or source comes with it. */
  async link(officer: AuthenticatedUser, id: string, input: LinkDto): Promise<MutualView> {
    await this.dataSource.transaction(async (m) => {
      const row = await this.lock(m, id);
      const refs = await this.resolve(m, input.kind, input.refId);
      for (const ref of refs) {
        const [other] = await m.query(`select l.mutual_id, m.reference, m.name from mutual_links l join mutuals m on m.id = l.mutual_id where l.kind = $1 and l.ref_id = $2`, [ref.kind, ref.refId]);
        if (other && other.mutual_id !== id) {
          throw new DomainError('conflict', 'linked-to-another-mutual', `This ${ref.kind} is already linked to ${other.name} (${other.reference})`, { mutualId: other.mutual_id, kind: ref.kind, refId: ref.refId });
        }
      }
      await this.addLinks(m, row.id, refs);
      await audit(m, { subjectType: 'mutual', subjectId: id, action: 'linked', actor: officer.id, details: { links: refs } });
    });
    return this.get(id);
  }

  /**
   * A case just opened: linked, with its application or bid, to the mutual whose organisation made
   * the application or that was registered with the bid. Runs in the case-opening transaction.
   */
  async linkOpenedCase(m: EntityManager, c: Pick<Case, 'id' | 'source' | 'sourceId' | 'organisationCode'>): Promise<void> {
    const [found] =
      c.source === 'application'
        ? await m.query('select id as mutual_id from mutuals where organisation_code = $1', [c.organisationCode])
        : await m.query(`select mutual_id from mutual_links where kind = 'bid' and ref_id = $1`, [c.sourceId]);
    if (!found) return;
    const refs = [{ kind: c.source, refId: c.sourceId }, { kind: 'case' as const, refId: c.id }];
    await this.addLinks(m, found.mutual_id, refs);
    await audit(m, { subjectType: 'mutual', subjectId: found.mutual_id, caseId: c.id, action: 'linked', actor: 'system', details: { links: refs } });
  }

  private async insertMutual(
    m: EntityManager,
    officer: AuthenticatedUser,
    input: Omit<RegisterMutualDto, 'enteredOn'> & { enteredOn: string; evidence: string; enquiryId?: string },
  ): Promise<string> {
    const id = randomUUID();
    const reference = referenceOf('MUT', id);
    if (input.organisationCode) {
      const [taken] = await m.query('select reference, name from mutuals where organisation_code = $1', [input.organisationCode]);
      if (taken) throw new DomainError('conflict', 'organisation-registered', `Organisation ${input.organisationCode} is already on the register as ${taken.name} (${taken.reference})`, { fields: ['organisationCode'] });
    }
    const [saved] = await m
      .query(
        `insert into mutuals (id, reference, name, parent_body, parent_body_kind, sector, region, organisation_code, stage, stage_entered_on, registered_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, 'enquiry', $9, $10) returning registered_at`,
        [id, reference, input.name, input.parentBody, input.parentBodyKind, input.sector, input.region ?? null, input.organisationCode ?? null, input.enteredOn, officer.id],
      )
      .catch((err: unknown) => {
        // Registered a moment ago by another officer, after the check above.
        if (isUniqueViolation(err, 'mutuals_organisation_code_key')) throw new DomainError('conflict', 'organisation-registered', `Organisation ${input.organisationCode} is already on the register`, { fields: ['organisationCode'] });
        throw err;
      });
    await m.query(`insert into mutual_stages (id, mutual_id, stage, entered_on, evidence, recorded_by) values ($1, $2, 'enquiry', $3, $4, $5)`, [randomUUID(), id, input.enteredOn, input.evidence, officer.id]);
    if (input.bidId) {
      const [other] = await m.query(`select m.reference, m.name from mutual_links l join mutuals m on m.id = l.mutual_id where l.kind = 'bid' and l.ref_id = $1`, [input.bidId]);
      if (other) throw new DomainError('conflict', 'linked-to-another-mutual', `This bid is already linked to ${other.name} (${other.reference})`, { fields: ['bidId'] });
    }
    // Cases opened before the registration are linked now; later ones as they open.
    const [bidCase] = input.bidId ? await m.query(`select id from cases where source = 'bid' and source_id = $1`, [input.bidId]) : [];
    const applications = input.organisationCode ? await m.query(`select id, source_id from cases where source = 'application' and organisation_code = $1`, [input.organisationCode]) : [];
    await this.addLinks(m, id, [
      ...(input.bidId ? [{ kind: 'bid' as const, refId: input.bidId }] : []),
      ...(bidCase ? [{ kind: 'case' as const, refId: bidCase.id }] : []),
      ...applications.flatMap((a: { id: string; source_id: string }) => [{ kind: 'application' as const, refId: a.source_id }, { kind: 'case' as const, refId: a.id }]),
    ]);
    await this.events.publish(m, MutualRegistered, id, {
      mutualId: id,
      reference,
      name: input.name,
      parentBody: input.parentBody,
      parentBodyKind: input.parentBodyKind,
      sector: input.sector,
      ...given({ region: input.region, organisationCode: input.organisationCode, bidId: input.bidId, enquiryId: input.enquiryId }),
      stage: 'enquiry',
      enteredOn: input.enteredOn,
      registeredBy: officer.id,
      registeredAt: iso(saved.registered_at),
    });
    await audit(m, { subjectType: 'mutual', subjectId: id, action: 'registered', actor: officer.id, details: { reference, ...given({ ...input, evidence: undefined }) } });
    return id;
  }

  private async lock(m: EntityManager, id: string): Promise<MutualRow> {
    const [row] = await m.query(`select ${MUTUAL_COLUMNS} from mutuals m where m.id = $1 for update`, [id]);
    if (!row) throw DomainError.notFound('Mutual', id);
    return row;
  }

  /** Adds a row of figures; the newest (by asOf) become the mutual's current figures. */
  private async addFigures(m: EntityManager, row: MutualRow, f: NewFigures, reason?: string): Promise<void> {
    const id = randomUUID();
    await m.query('insert into mutual_figures (id, mutual_id, as_of, staff_count, contract_value_pence, source, source_id, recorded_by) values ($1, $2, $3, $4, $5, $6, $7, $8)', [
      id, row.id, f.asOf, f.staffCount, f.contractValuePence, f.source, f.sourceId, f.actor,
    ]);
    const [newest] = await m.query(
      `select id, staff_count, contract_value_pence from mutual_figures where mutual_id = $1 order by as_of desc, (id = $2) desc, recorded_at desc limit 1`,
      [row.id, id],
    );
    await m.query('update mutuals set staff_count = $2, contract_value_pence = $3, updated_at = now() where id = $1', [row.id, newest.staff_count, newest.contract_value_pence]);
    const recorded = { asOf: f.asOf, staffCount: f.staffCount, contractValuePence: f.contractValuePence, source: f.source };
    await this.events.publish(m, MutualFiguresRecorded, row.id, {
      ...refOf(row),
      ...recorded,
      ...given({ sourceId: f.sourceId }),
      current: newest.id === id,
      recordedBy: f.actor,
      recordedAt: new Date().toISOString(),
    });
    await audit(m, { subjectType: 'mutual', subjectId: row.id, action: 'figures-recorded', actor: f.actor, details: { ...recorded, ...given({ sourceId: f.sourceId, reason }), current: newest.id === id } });
  }

  private async addLinks(m: EntityManager, mutualId: string, refs: { kind: LinkKind; refId: string }[]): Promise<void> {
    for (const ref of refs) {
      await m.query('insert into mutual_links (mutual_id, kind, ref_id) values ($1, $2, $3) on conflict (kind, ref_id) do nothing', [mutualId, ref.kind, ref.refId]);
    }
  }

  /** What an officer's link brings: the ref and its case or source; "not found" if awards has never heard of it. */
  private async resolve(m: EntityManager, kind: LinkKind, refId: string): Promise<{ kind: LinkKind; refId: string }[]> {
    const [c] =
      kind === 'case'
        ? await m.query('select id, source, source_id from cases where id = $1', [refId])
        : await m.query('select id, source, source_id from cases where source = $1 and source_id = $2', [kind, refId]);
    if (c) return [{ kind: c.source, refId: c.source_id }, { kind: 'case', refId: c.id }];
    // A bid screened out never became a case; awards still knows it.
    if (kind === 'bid' && (await m.query('select 1 from bid_screenings where bid_id = $1', [refId])).length > 0) return [{ kind, refId }];
    throw DomainError.notFound(kind === 'case' ? 'Case' : kind === 'bid' ? 'Bid' : 'Application', refId);
  }

  private async links(q: EntityManager, mutualId: string): Promise<MutualLinksView> {
    const linkedCases = `select ref_id from mutual_links where mutual_id = $1 and kind = 'case'`;
    const [sources, cases, awards, packages] = await Promise.all([
      q.query(
        `select l.kind, l.ref_id, c.id as case_id, c.reference from mutual_links l left join cases c on c.source = l.kind and c.source_id = l.ref_id
         where l.mutual_id = $1 and l.kind in ('application', 'bid') order by l.linked_at, l.ref_id`,
        [mutualId],
      ),
      q.query(`select * from cases where id in (${linkedCases}) order by opened_at, id`, [mutualId]),
      q.query(`select * from awards where case_id in (${linkedCases}) order by offered_at, id`, [mutualId]),
      q.query(`select p.*, s.name as supplier_name from support_packages p join suppliers s on s.id = p.supplier_id where p.case_id in (${linkedCases}) order by p.awarded_at, p.id`, [mutualId]),
    ]);
    const sourceView = (r: Record<string, any>) => ({ id: r.ref_id, caseId: r.case_id, reference: r.reference });
    return {
      applications: sources.filter((r: { kind: string }) => r.kind === 'application').map(sourceView),
      bids: sources.filter((r: { kind: string }) => r.kind === 'bid').map(sourceView),
      cases: cases.map((c: Record<string, any>) => ({ caseId: c.id, reference: c.reference, source: c.source, sourceId: c.source_id, title: c.title, status: c.status, approvedPence: num(c.approved_pence) })),
      awards: awards.map((a: Record<string, any>) => ({ awardId: a.id, caseId: a.case_id, status: a.status, committedPence: Number(a.amount_pence), paidPence: Number(a.paid_pence) })),
      supportPackages: packages.map((p: Record<string, any>) => ({ packageId: p.id, caseId: p.case_id, supplierName: p.supplier_name, status: p.status, valuePence: Number(p.value_pence), paidPence: Number(p.paid_pence) })),
    };
  }
}

const ENQUIRY_SELECT = `select e.*, to_char(e.received_on, 'YYYY-MM-DD') as received, m.reference as mutual_reference from enquiries e left join mutuals m on m.id = e.mutual_id`;

function enquiryView(r: Record<string, any>): EnquiryView {
  return {
    id: r.id,
    reference: r.reference,
    receivedOn: r.received,
    enquirerName: r.enquirer_name,
    enquirerEmail: r.enquirer_email,
    organisationName: r.organisation_name,
    parentBody: r.parent_body,
    parentBodyKind: r.parent_body_kind,
    sector: r.sector,
    region: r.region,
    topic: r.topic,
    triage: r.triage,
    adviceGiven: r.advice_given,
    mutualId: r.mutual_id,
    mutualReference: r.mutual_reference,
    recordedBy: r.recorded_by,
    recordedAt: iso(r.recorded_at),
  };
}

function summaryView(r: Record<string, any>): MutualSummaryView {
  return {
    id: r.id,
    reference: r.reference,
    name: r.name,
    parentBody: r.parent_body,
    parentBodyKind: r.parent_body_kind,
    sector: r.sector,
    region: r.region,
    organisationCode: r.organisation_code,
    stage: r.stage,
    stageEnteredOn: r.entered_on,
    route: r.route,
    routeReason: r.route_reason,
    launchedOn: r.launched,
    legalForm: r.legal_form,
    staffCount: num(r.staff_count),
    contractValuePence: num(r.contract_value_pence),
    contractMonths: num(r.contract_months),
    commissioningBody: r.commissioning_body,
    commissioningBodyKind: r.commissioning_body_kind,
    countsAsMutual: r.launched !== null && MUTUAL_ROUTES.includes(r.route),
    version: r.version,
    registeredBy: r.registered_by,
    registeredAt: iso(r.registered_at),
  };
}
