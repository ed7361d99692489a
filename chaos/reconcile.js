/**
 * The verdict, from what the services themselves recorded (each one's own database), what the mail
 * server received and what the dead-letter topics hold; never from what the load believed.
 *
 *   lost          an effect that should exist and does not (a case, a status, a message, an email)
 *   duplicated    one cause with two effects (two cases, two receipts, two distinct emails)
 *   inconsistent  services disagreeing in a way no missing event explains (overspent budget,
 *                 a case for nothing, an email with no record)
 *   dead letters  any dead letter but the deliberately poisoned messages, and any of those not
 *                 dead-lettered by every group that reads its topic
 */
const { SERVICES, groupId } = require('./settings');

const DECIDED = ['approved', 'reserve', 'rejected'];
const COMMITTED = ['approved', 'offered'];
const SENT = ['sent', 'delivered'];
/** The statuses an application or bid passes through before a decision, in the services' own words. */
const BEFORE_DECISION = { application: ['submitted', 'in_assessment'], bid: ['submitted', 'eligible', 'in_assessment'] };

async function readRecords(dbs) {
  const q = async (service, sql, params) => (await dbs[service].query(sql, params)).rows;
  return {
    applications: await q('applications', `select id, reference, status, submitted_at, withdrawn_at, awarded_pence::float8 as awarded, applicant_email from applications where submitted_at is not null`),
    funds: await q('applications', 'select id, budget_pence::float8 as budget from funds'),
    bids: await q('intake', `select id, reference, status, submitted_at, withdrawn_at, screening_reasons, awarded_pence::float8 as awarded, contact_email, round_id from bids where submitted_at is not null`),
    rounds: await q('intake', 'select id, closes_at, closed_at, status from rounds'),
    intakeProgrammes: await q('intake', 'select id, budget_pence::float8 as budget from programmes'),
    roundEvents: await q('intake', `select envelope->>'type' as topic, envelope->'data' as data from outbox_messages where envelope->>'type' in ('intake.round.opened.v1', 'intake.round.closed.v1')`),
    cases: await q('awards', 'select id, source, source_id, status, decision, approved_pence::float8 as approved, programme_id, contact_email from cases'),
    programmes: await q('awards', 'select id, kind, budget_pence::float8 as budget, committed_pence::float8 as committed, threshold_alerted_at from programmes'),
    allocations: await q('awards', 'select x.case_id, x.assessor_id, x.status, a.email from allocations x join assessors a on a.id = x.assessor_id'),
    schemes: await q('awards', `select id, name from schemes`),
    reminders: await q('notifications', `select schedule_key, status from scheduled_messages where template_id = 'assessment-overdue'`),
    // The events that owe messages, as their producers recorded them (the outbox keeps published rows).
    events: [
      ...(await q('applications', `select event_id, envelope->>'type' as topic, envelope->'data' as data from outbox_messages where envelope->>'type' = 'applications.application.submitted.v1'`)),
      ...(await q('intake', `select event_id, envelope->>'type' as topic, envelope->'data' as data from outbox_messages where envelope->>'type' in ('intake.bid.submitted.v1', 'intake.bid.screened.v1')`)),
      ...(await q('awards', `select event_id, envelope->>'type' as topic, envelope->'data' as data from outbox_messages where envelope->>'type' in ('awards.case.decided.v1', 'awards.case.assessors-allocated.v1', 'awards.budget.threshold-reached.v1')`)),
    ],
    deliveries: await q('notifications', 'select id, event_id, event_type, template_id, recipient, subject_id, status, failure_reason from deliveries'),
    contacts: await q('notifications', 'select kind, email from contacts'),
  };
}

function groupBy(items, key) {
  const map = new Map();
  for (const item of items) {
    const k = key(item);
    if (!map.has(k)) map.set(k, []);
    map.get(k).push(item);
  }
  return map;
}

async function reconcile({ dbs, mails, deadLetters, poison, subscribed }) {
  const r = await readRecords(dbs);
  const checks = [];
  const check = (category, name, findings) => checks.push({ category, name, count: findings.length, examples: findings.slice(0, 5) });

  // ------------------------------------------------ one case for each submitted application and eligible bid
  const caseOf = new Map(r.cases.map((c) => [`${c.source}/${c.source_id}`, c]));
  const eligibleBids = r.bids.filter((b) => b.screening_reasons.length === 0);
  const ineligibleBids = r.bids.filter((b) => b.screening_reasons.length > 0);
  const sources = [...r.applications.map((a) => ({ kind: 'application', record: a })), ...eligibleBids.map((b) => ({ kind: 'bid', record: b }))];
  check('lost', 'submitted application or eligible bid without a case', sources.filter((s) => !caseOf.has(`${s.kind}/${s.record.id}`)).map((s) => `${s.kind} ${s.record.reference}`));
  check('duplicated', 'more than one case for one application or bid', [...groupBy(r.cases, (c) => `${c.source}/${c.source_id}`)].filter(([, cs]) => cs.length > 1).map(([k]) => k));
  const known = new Set(sources.map((s) => `${s.kind}/${s.record.id}`));
  check('inconsistent', 'case for no submitted application or eligible bid', r.cases.filter((c) => !known.has(`${c.source}/${c.source_id}`)).map((c) => `case ${c.id} (${c.source} ${c.source_id})`));

  // ------------------------------------------------ every decision (and opening, and withdrawal) reflected on both sides
  const opened = [];
  const decisionsLost = [];
  const decisionsWrong = [];
  const withdrawalsLost = [];
  const withdrawalsWrong = [];
  for (const { kind, record } of sources) {
    const c = caseOf.get(`${kind}/${record.id}`);
    if (!c) continue;
    const label = `${kind} ${record.reference} (${record.status}; case ${c.status})`;
    if (record.status === 'withdrawn') {
      if (c.status === 'withdrawn') continue;
      (c.decision ? withdrawalsWrong : withdrawalsLost).push(label);
      continue;
    }
    if (c.status === 'withdrawn') {
      withdrawalsWrong.push(label);
      continue;
    }
    // The case's opening reaches the applicant's record as "in assessment".
    if (record.status === (kind === 'bid' ? 'eligible' : 'submitted')) opened.push(label);
    if (!DECIDED.includes(c.status)) continue;
    if (record.status === c.status && (c.status !== 'approved' || record.awarded === c.approved)) continue;
    (BEFORE_DECISION[kind].includes(record.status) ? decisionsLost : decisionsWrong).push(label);
  }
  check('lost', 'case opened but the application or bid does not show it', opened);
  check('lost', 'decision not reflected in applications or intake', decisionsLost);
  check('inconsistent', 'decision reflected differently in applications or intake', decisionsWrong);
  check('lost', 'withdrawal not reflected in the case', withdrawalsLost);
  check('inconsistent', 'withdrawn on one side only, or withdrawn after a decision', withdrawalsWrong);

  // ------------------------------------------------ budgets
  check('inconsistent', 'committed more than the budget', r.programmes.filter((p) => p.committed > p.budget).map((p) => `${p.id}: ${p.committed} of ${p.budget}`));
  const approvedBy = groupBy(r.cases.filter((c) => COMMITTED.includes(c.status)), (c) => c.programme_id);
  check(
    'inconsistent',
    'committed differs from the sum of approvals',
    r.programmes
      .map((p) => ({ p, sum: (approvedBy.get(p.id) ?? []).reduce((s, c) => s + c.approved, 0) }))
      .filter(({ p, sum }) => p.committed !== sum)
      .map(({ p, sum }) => `${p.id}: committed ${p.committed}, approvals ${sum}`),
  );
  const owners = new Map([...r.funds, ...r.intakeProgrammes].map((o) => [o.id, o.budget]));
  check('lost', "budget in awards differs from its owner's", r.programmes.filter((p) => owners.get(p.id) !== p.budget).map((p) => `${p.id}: ${p.budget} in awards, ${owners.get(p.id)} at its owner`));

  // Settings a case is assessed by: a scheme still named "(settings awaited)" never heard from its owner.
  check('lost', 'round or fund settings never reached awards', r.schemes.filter((x) => x.name.endsWith('(settings awaited)')).map((x) => x.id));

  // ------------------------------------------------ the round that closed during the load
  for (const round of r.rounds) {
    const events = (topic) => r.roundEvents.filter((e) => e.topic === topic && e.data.roundId === round.id);
    const [openedEvents, closedEvents] = [events('intake.round.opened.v1'), events('intake.round.closed.v1')];
    check('lost', `round ${round.id.slice(0, 8)}: opened or closed event missing`, [openedEvents.length === 0 && 'opened', closedEvents.length === 0 && 'closed'].filter(Boolean));
    check('duplicated', `round ${round.id.slice(0, 8)}: opened or closed more than once`, [openedEvents.length > 1 && `opened ${openedEvents.length}x`, closedEvents.length > 1 && `closed ${closedEvents.length}x`].filter(Boolean));
    const bids = r.bids.filter((b) => b.round_id === round.id);
    check('inconsistent', `round ${round.id.slice(0, 8)}: bid submitted at or after the close`, bids.filter((b) => b.submitted_at >= round.closes_at).map((b) => `${b.reference} at ${b.submitted_at.toISOString()}`));
    if (closedEvents.length === 1 && round.closed_at) {
      const live = bids.filter((b) => !b.withdrawn_at || b.withdrawn_at > round.closed_at).length;
      const announced = closedEvents[0].data.bidsSubmitted;
      check('inconsistent', `round ${round.id.slice(0, 8)}: closing count differs from the bids submitted`, announced === live ? [] : [`announced ${announced}, submitted ${live}`]);
    }
  }

  // ------------------------------------------------ messages: each owed one recorded and sent, one receipt per submission
  const officers = r.contacts.filter((c) => c.kind === 'officer').map((c) => c.email);
  const owedBy = {
    'applications.application.submitted.v1': (d) => [['application-received', d.contact.email]],
    'intake.bid.submitted.v1': (d) => [['bid-received', d.contact.email]],
    'intake.bid.screened.v1': (d) => (d.outcome === 'ineligible' ? [['bid-ineligible', d.contact.email]] : []),
    'awards.case.decided.v1': (d) => [[`decision-${d.outcome}`, d.contact.email]],
    'awards.case.assessors-allocated.v1': (d) => d.assessors.map((a) => ['assessor-allocated', a.email]),
    'awards.budget.threshold-reached.v1': () => officers.map((email) => ['budget-alert', email]),
  };
  const owed = r.events.flatMap((e) => owedBy[e.topic](e.data).map(([template, recipient]) => `${e.event_id}|${template}|${recipient}`));
  const recorded = new Set(r.deliveries.map((d) => `${d.event_id}|${d.template_id}|${d.recipient}`));
  check('lost', 'message owed for an event but never recorded (receipt, decision, allocation, budget alert)', owed.filter((k) => !recorded.has(k)));
  // A submission owes one receipt through its one submitted event: without the event (never
  // recorded by its producer) it owes nothing above, so it is counted here.
  const submittedEvents = new Set(r.events.filter((e) => e.topic.endsWith('.submitted.v1')).map((e) => e.data.applicationId ?? e.data.bidId));
  const submissions = [...r.applications.map((a) => ['application', a]), ...r.bids.map((b) => ['bid', b])];
  check('lost', 'submission whose submitted event was never recorded', submissions.filter(([, x]) => !submittedEvents.has(x.id)).map(([kind, x]) => `${kind} ${x.reference}`));
  const receipts = groupBy(r.deliveries.filter((d) => ['application-received', 'bid-received'].includes(d.template_id)), (d) => d.subject_id);
  check('duplicated', 'more than one receipt for one submission', submissions.filter(([, x]) => (receipts.get(x.id)?.length ?? 0) > 1).map(([kind, x]) => `${kind} ${x.reference}: ${receipts.get(x.id).length}`));
  // An assessor who has submitted, or whose case is decided, must not be reminded that it is overdue.
  const decidedCases = new Set(r.cases.filter((c) => c.decision).map((c) => c.id));
  const pending = new Set(r.reminders.filter((m) => m.status === 'pending').map((m) => m.schedule_key));
  check(
    'lost',
    'overdue reminder not withdrawn although the assessment was submitted or the case decided',
    r.allocations.filter((x) => (x.status === 'submitted' || decidedCases.has(x.case_id)) && pending.has(`overdue:${x.case_id}:${x.assessor_id}`)).map((x) => `case ${x.case_id} assessor ${x.assessor_id}`),
  );
  check('lost', 'message recorded but not sent', r.deliveries.filter((d) => !SENT.includes(d.status)).map((d) => `${d.template_id} to ${d.recipient}: ${d.status} ${d.failure_reason ?? ''}`.trim()));

  const mailsByDelivery = groupBy(mails, (m) => m.deliveryReference);
  check('lost', 'message sent but no email arrived', r.deliveries.filter((d) => SENT.includes(d.status) && !mailsByDelivery.has(d.id)).map((d) => `${d.template_id} to ${d.recipient}`));
  const deliveryById = new Map(r.deliveries.map((d) => [d.id, d]));
  check(
    'inconsistent',
    'email with no delivery record, or to someone else',
    mails.filter((m) => !deliveryById.has(m.deliveryReference) || !m.to.includes(deliveryById.get(m.deliveryReference).recipient.toLowerCase())).map((m) => `${m.subject} to ${m.to.join(', ')}`),
  );
  const emailsPerMessage = groupBy(
    mails.filter((m) => deliveryById.has(m.deliveryReference)),
    (m) => {
      const d = deliveryById.get(m.deliveryReference);
      return `${d.event_id}|${d.template_id}|${d.recipient}`;
    },
  );
  check('duplicated', 'more than one distinct email per (event, template, recipient)', [...emailsPerMessage].filter(([, ms]) => new Set(ms.map((m) => m.messageId)).size > 1).map(([k, ms]) => `${k}: ${ms.length}`));
  // SMTP is at least once by design: a sender that died between the server's 250 and its record sends
  // again, with the same Message-ID, so mail systems see one message. Counted, not a failure.
  const resent = [...emailsPerMessage.values()].reduce((n, ms) => n + ms.length - new Set(ms.map((m) => m.messageId)).size, 0);

  // ------------------------------------------------ dead letters: exactly the poisoned messages
  const poisonKeys = new Map(poison.map((p) => [p.key, p]));
  const unexpected = deadLetters.filter((d) => !poisonKeys.has(d.key));
  check('dead letters', 'dead letter other than a poisoned message', unexpected.map((d) => `${d.originTopic} (${d.group}): ${d.reason} ${d.detail ?? ''}`.slice(0, 300)));
  const lettered = new Set(deadLetters.filter((d) => poisonKeys.has(d.key)).map((d) => `${d.key}|${d.group}`));
  const owedLetters = poison.flatMap((p) =>
    SERVICES.map(groupId)
      .filter((g) => (subscribed[g] ?? []).includes(p.topic))
      .map((g) => ({ p, g })),
  );
  check('dead letters', 'poisoned message not dead-lettered by a group that reads its topic', owedLetters.filter(({ p, g }) => !lettered.has(`${p.key}|${g}`)).map(({ p, g }) => `${p.kind} on ${p.topic} (${g})`));

  // What the unexpected dead letters were, in a few lines: reason, consumer group and cause.
  const causes = [...groupBy(unexpected, (d) => `${d.reason} in ${d.group}: ${(d.detail ?? '').replace(/^\d+ attempts failed; last: /, '').replace(/database "mutuals_\w+"/g, 'its database')}`)]
    .map(([cause, letters]) => ({ cause, count: letters.length }))
    .sort((a, b) => b.count - a.count);

  const total = (category) => checks.filter((c) => c.category === category).reduce((n, c) => n + c.count, 0);
  return {
    checks,
    lost: total('lost'),
    duplicated: total('duplicated'),
    inconsistent: total('inconsistent'),
    deadLetters: total('dead letters'),
    figures: {
      submittedApplications: r.applications.length,
      withdrawnApplications: r.applications.filter((a) => a.status === 'withdrawn').length,
      submittedBids: r.bids.length,
      eligibleBids: eligibleBids.length,
      ineligibleBids: ineligibleBids.length,
      withdrawnBids: r.bids.filter((b) => b.status === 'withdrawn').length,
      cases: r.cases.length,
      decisions: r.cases.filter((c) => c.decision).length,
      approvals: r.cases.filter((c) => COMMITTED.includes(c.status)).length,
      programmes: r.programmes.map((p) => ({ id: p.id, kind: p.kind, budget: p.budget, committed: p.committed })),
      messagesOwed: owed.length,
      deliveries: r.deliveries.length,
      emails: mails.length,
      emailsResentSameMessageId: resent,
      deadLetters: deadLetters.length,
      poisonDeadLettersOwed: owedLetters.length,
      unexpectedDeadLetterCauses: causes,
    },
  };
}

module.exports = { reconcile };
