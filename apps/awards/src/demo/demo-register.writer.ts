import { EntityManager } from 'typeorm';
import { DemoEnquiry, demoId, DemoMutual, REGISTER_OFFICER } from './demo-register';

export interface DemoLink {
  mutualId: string;
  kind: 'application' | 'bid' | 'case';
  refId: string;
}

/** Recorded in the morning of the day it happened, so the history reads in the order it was lived. */
const recordedAt = (day: string) => `${day}T10:00:00Z`;

/**
 * Writes register rows in bulk (one statement a table), each with its audit row. Ids are stable,
 * so rows already there are skipped and only what is new is audited: writing twice adds nothing.
 */
export async function writeRegister(m: EntityManager, mutuals: DemoMutual[], enquiries: DemoEnquiry[], links: DemoLink[] = []): Promise<{ mutuals: number; enquiries: number; links: number }> {
  const registered: unknown[] = await m.query(
    `with input as (
       select * from jsonb_to_recordset($1::jsonb) as x(id uuid, reference text, name text, parent_body text, parent_body_kind text, sector text, region text,
         stage text, stage_entered_on date, route text, route_reason text, launched_on date, legal_form text, staff_count int, contract_value_pence bigint,
         contract_months int, commissioning_body text, commissioning_body_kind text, registered_at timestamptz, updated_at timestamptz)
     ), inserted as (
       insert into mutuals (id, reference, name, parent_body, parent_body_kind, sector, region, stage, stage_entered_on, route, route_reason, launched_on,
         legal_form, staff_count, contract_value_pence, contract_months, commissioning_body, commissioning_body_kind, registered_by, registered_at, updated_at)
       select id, reference, name, parent_body, parent_body_kind, sector, region, stage, stage_entered_on, route, route_reason, launched_on,
         legal_form, staff_count, contract_value_pence, contract_months, commissioning_body, commissioning_body_kind, $2, registered_at, updated_at from input
       on conflict do nothing
       returning *
     )
     insert into audit_trail (subject_type, subject_id, action, actor, details, at)
     select 'mutual', id::text, 'registered', registered_by,
       jsonb_build_object('reference', reference, 'name', name, 'parentBody', parent_body, 'parentBodyKind', parent_body_kind, 'sector', sector, 'region', region), registered_at
     from inserted order by registered_at, reference
     returning id`,
    [
      JSON.stringify(
        mutuals.map((x) => ({
          id: x.id, reference: x.reference, name: x.name, parent_body: x.parentBody, parent_body_kind: x.parentBodyKind, sector: x.sector, region: x.region,
          stage: x.stage, stage_entered_on: x.stageEnteredOn, route: x.route, route_reason: x.routeReason, launched_on: x.launchedOn, legal_form: x.legalForm,
          staff_count: x.staffCount, contract_value_pence: x.contractValuePence, contract_months: x.contractMonths, commissioning_body: x.commissioningBody,
          commissioning_body_kind: x.commissioningBodyKind, registered_at: recordedAt(x.stages[0].enteredOn), updated_at: recordedAt(x.stageEnteredOn),
        })),
      ),
      REGISTER_OFFICER,
    ],
  );
  await m.query(
    `with inserted as (
       insert into mutual_stages (id, mutual_id, stage, entered_on, evidence, details, recorded_by, recorded_at)
       select id, mutual_id, stage, entered_on, evidence, details, $2, recorded_at
       from jsonb_to_recordset($1::jsonb) as x(id uuid, mutual_id uuid, stage text, entered_on date, evidence text, details jsonb, recorded_at timestamptz)
       on conflict do nothing
       returning *
     )
     insert into audit_trail (subject_type, subject_id, action, actor, details, at)
     select 'mutual', mutual_id::text, 'stage-recorded', recorded_by,
       jsonb_build_object('stage', stage, 'enteredOn', entered_on, 'evidence', evidence) || case when details = '{}'::jsonb then '{}'::jsonb else jsonb_build_object('details', details) end, recorded_at
     from inserted order by recorded_at, mutual_id`,
    [JSON.stringify(mutuals.flatMap((x) => x.stages.map((s) => ({ id: s.id, mutual_id: x.id, stage: s.stage, entered_on: s.enteredOn, evidence: s.evidence, details: s.details, recorded_at: recordedAt(s.enteredOn) })))), REGISTER_OFFICER],
  );
  // A launched mutual's figures start with those of its launch.
  await m.query(
    `with inserted as (
       insert into mutual_figures (id, mutual_id, as_of, staff_count, contract_value_pence, source, recorded_by, recorded_at)
       select id, mutual_id, as_of, staff_count, contract_value_pence, 'launch', $2, recorded_at
       from jsonb_to_recordset($1::jsonb) as x(id uuid, mutual_id uuid, as_of date, staff_count int, contract_value_pence bigint, recorded_at timestamptz)
       on conflict do nothing
       returning *
     )
     insert into audit_trail (subject_type, subject_id, action, actor, details, at)
     select 'mutual', mutual_id::text, 'figures-recorded', recorded_by,
       jsonb_build_object('asOf', as_of, 'staffCount', staff_count, 'contractValuePence', contract_value_pence, 'source', source), recorded_at
     from inserted order by recorded_at, mutual_id`,
    [
      JSON.stringify(
        mutuals
          .filter((x) => x.launchedOn)
          .map((x) => ({ id: demoId(`${x.reference}:launch-figures`), mutual_id: x.id, as_of: x.launchedOn, staff_count: x.staffCount, contract_value_pence: x.contractValuePence, recorded_at: recordedAt(x.launchedOn!) })),
      ),
      REGISTER_OFFICER,
    ],
  );
  const recorded: unknown[] = await m.query(
    `with inserted as (
       insert into enquiries (id, reference, received_on, enquirer_name, enquirer_email, organisation_name, parent_body, parent_body_kind, sector, region,
         topic, triage, advice_given, mutual_id, recorded_by, recorded_at)
       select id, reference, received_on, enquirer_name, enquirer_email, organisation_name, parent_body, parent_body_kind, sector, region,
         topic, triage, advice_given, mutual_id, $2, received_on + time '10:00'
       from jsonb_to_recordset($1::jsonb) as x(id uuid, reference text, received_on date, enquirer_name text, enquirer_email text, organisation_name text,
         parent_body text, parent_body_kind text, sector text, region text, topic text, triage text, advice_given text, mutual_id uuid)
       on conflict do nothing
       returning *
     )
     insert into audit_trail (subject_type, subject_id, action, actor, details, at)
     select 'enquiry', id::text, 'enquiry-recorded', recorded_by,
       jsonb_build_object('reference', reference, 'topic', topic, 'triage', triage, 'mutualId', mutual_id), recorded_at
     from inserted order by recorded_at, reference
     returning id`,
    [
      JSON.stringify(
        enquiries.map((e) => ({
          id: e.id, reference: e.reference, received_on: e.receivedOn, enquirer_name: e.enquirerName, enquirer_email: e.enquirerEmail, organisation_name: e.organisationName,
          parent_body: e.parentBody, parent_body_kind: e.parentBodyKind, sector: e.sector, region: e.region, topic: e.topic, triage: e.triage, advice_given: e.adviceGiven, mutual_id: e.mutualId,
        })),
      ),
      REGISTER_OFFICER,
    ],
  );
  const linked = await linkMutuals(m, links);
  return { mutuals: registered.length, enquiries: recorded.length, links: linked };
}

/** Links mutuals to what the platform knows of them (applications, bids, cases); each link once, audited. */
export async function linkMutuals(m: EntityManager, links: DemoLink[]): Promise<number> {
  if (links.length === 0) return 0;
  const rows: unknown[] = await m.query(
    `with inserted as (
       insert into mutual_links (mutual_id, kind, ref_id)
       select mutual_id, kind, ref_id from jsonb_to_recordset($1::jsonb) as x(mutual_id uuid, kind text, ref_id uuid)
       on conflict do nothing
       returning *
     )
     insert into audit_trail (subject_type, subject_id, action, actor, details)
     select 'mutual', mutual_id::text, 'linked', $2, jsonb_build_object('kind', kind, 'refId', ref_id) from inserted order by mutual_id, kind
     returning id`,
    [JSON.stringify(links.map((l) => ({ mutual_id: l.mutualId, kind: l.kind, ref_id: l.refId }))), REGISTER_OFFICER],
  );
  return rows.length;
}
