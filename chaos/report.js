/**
 * The run's figures as a table on the terminal, and (for the full run) as docs/reliability.md.
 */
const round = (n, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const sum = (values) => values.reduce((a, b) => a + b, 0);
const byService = (counts) =>
  Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${s} ${n}`)
    .join(', ') || 'none';

function faultsLine(r) {
  const f = r.faults;
  const s = f.summary;
  return (
    `${sum(Object.values(s))}: kill -9 ${s.kills} (${byService(f.counts.kills)}), broker restarts ${s.brokerRestarts} (away ${f.counts.brokerAwaySeconds.join(' s, ')} s), ` +
    `database cuts ${s.databaseCuts} of ${r.settings.databaseCutMs / 1000} s (${byService(f.counts.databaseCuts)}; ${f.counts.sessionsTerminated} sessions terminated), ` +
    `consumer pauses ${s.pauses} of ${r.settings.pauseMs / 1000} s (${byService(f.counts.pauses)}), poisoned messages ${s.poisonedMessages}`
  );
}

function operationsLine(r) {
  const kinds = r.operations.kinds;
  const total = (field) => sum(Object.values(kinds).map((k) => k[field]));
  const h = r.operations.http;
  return (
    `${total('done')} done, ${total('refused')} refused as the rules say (late bids, spent budget, raced decisions), ` +
    `${total('abandoned')} abandoned, ${total('failed')} failed; ${h.requests} HTTP requests, ${h.retries} resent after no answer (${h.noAnswer}) or a 5xx (${h.serverErrors}), ` +
    `${h.uncertain} writes uncertain (settled by the services' guards or by reading back)`
  );
}

function rows(r) {
  const v = r.verdict;
  return [
    ['faults injected', faultsLine(r)],
    ['replicas that exited on their own', `${sum(Object.values(r.crashes))} (${byService(r.crashes)}), each started again; ${r.restarts} restarts in all`],
    ['operations', operationsLine(r)],
    ['lost', String(v.lost)],
    ['duplicated', String(v.duplicated)],
    ['inconsistent', String(v.inconsistent)],
    ['dead letters not poisoned', `${v.deadLetters} (${r.figures.poisonDeadLettersOwed} dead letters owed for ${r.faults.summary.poisonedMessages} poisoned messages; ${r.figures.deadLetters} on the dead-letter topics)`],
    ['time to recover', r.recovery.settled ? `${round(r.recovery.seconds)} s from the last fault to quiet (outboxes empty, no consumer lag, every message sent)` : `did not settle within ${r.recovery.seconds} s: ${JSON.stringify(r.recovery.state)}`],
  ];
}

function table(r) {
  const lines = rows(r);
  const width = Math.max(...lines.map(([k]) => k.length));
  const checks = r.checks.map((c) => `  ${c.count === 0 ? '   ok' : String(c.count).padStart(5)}  ${c.category.padEnd(13)} ${c.name}${c.count ? `: ${c.examples.join('; ')}` : ''}`);
  return [
    `Chaos run (${r.mode}): ${r.settings.faultSeconds} s of faults, ${r.machine.cpus} cores (load average ${r.machine.loadAverage}), run ${r.runId}`,
    ...lines.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
    'Checks:',
    ...checks,
    ...r.figures.unexpectedDeadLetterCauses.map((c) => `  dead letters not poisoned: ${c.count} x ${c.cause}`),
    `Verdict: ${r.passed ? 'PASSED' : 'FAILED'}`,
  ].join('\n');
}

function markdown(r) {
  const f = r.figures;
  const kinds = Object.entries(r.operations.kinds)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, t]) => `| ${kind} | ${t.done} | ${t.refused} | ${t.abandoned} | ${t.failed} | ${t.uncertain} |`);
  const checks = r.checks.map((c) => `| ${c.category} | ${c.name} | ${c.count}${c.count ? ` (e.g. ${c.examples.slice(0, 2).join('; ').replace(/\|/g, '/')})` : ''} |`);
  return `# Reliability under faults

\`npm run chaos\` runs the four services with two replicas each on their own Kafka broker and
databases, drives a mixed load through their HTTP APIs while it injects faults, then reconciles
what every service recorded. These are the figures of the last full run (${r.startedAt.slice(0, 10)},
${r.settings.faultSeconds} s of faults, ${r.machine.cpus} cores, ${r.machine.cpuModel}, load average ${r.machine.loadAverage}
during the faults: the machine was shared, which slows every start of a replica and of the broker).

## Figures

| | |
|---|---|
${rows(r)
  .map(([k, v]) => `| ${k} | ${v.replace(/\|/g, '/')} |`)
  .join('\n')}

Verdict: **${r.passed ? 'passed' : 'failed'}** (0 lost, 0 duplicated, 0 inconsistent and no dead letter but the poisoned ones is a pass).

What the services recorded: ${f.submittedApplications} applications submitted (${f.withdrawnApplications} withdrawn), ${f.submittedBids} bids submitted
(${f.eligibleBids} eligible, ${f.ineligibleBids} ineligible, ${f.withdrawnBids} withdrawn), ${f.cases} cases, ${f.decisions} decisions (${f.approvals} approvals),
${f.messagesOwed} messages owed, ${f.deliveries} recorded, ${f.emails} emails received (${f.emailsResentSameMessageId} of them resent with the same Message-ID).
Budgets at the end: ${f.programmes.map((p) => `${p.kind} £${(p.committed / 100).toLocaleString('en-GB')} committed of £${(p.budget / 100).toLocaleString('en-GB')}`).join('; ')}.

${
  f.unexpectedDeadLetterCauses.length
    ? `The dead letters that were not poisoned messages, by cause:\n\n${f.unexpectedDeadLetterCauses.map((c) => `- ${c.count} x ${c.cause.replace(/\|/g, '/')}`).join('\n')}\n`
    : ''
}
### Operations

| operation | done | refused (as the rules say) | abandoned | failed | uncertain |
|---|---|---|---|---|---|
${kinds.join('\n')}

"Uncertain" writes got no answer (replica killed or paused) or a 5xx (database cut) on some attempt,
so they may have taken effect; they were sent again (to either replica, for up to 120 s: "abandoned"
means no replica answered in that time), and the services' own guards (versions, one bid
per authority, "already submitted", "assessment locked") or a read-back told the load whether the
first attempt had worked. The verdict never relies on this: it is taken from the services' records.

### Checks

| category | check | found |
|---|---|---|
${checks.join('\n')}

## The faults

| fault | how | what it exercises |
|---|---|---|
| kill -9 of a replica | every ${r.settings.killEveryMs.map((ms) => ms / 1000).join('-')} s a random replica gets SIGKILL, and is started again ${r.settings.restartAfterMs / 1000} s later; only a replica whose sibling answers, so a service already down to one replica (restarting, or unable to start while the broker or its database is away) is spared | requests and handlers cut off mid-way, uncommitted offsets, outbox relay taken over, SMTP sends whose record never happened |
| broker stop and start | \`KAFKA_PORT=19092 scripts/kafka.sh stop\`, ${r.settings.brokerDownMs / 1000} s down, \`start\` again | the outbox holding events while Kafka is away, producers and consumers reconnecting |
| database cut | \`ALTER DATABASE ... WITH ALLOW_CONNECTIONS false\` and \`pg_terminate_backend\` on every session (again each second) for ${r.settings.databaseCutMs / 1000} s, the server staying up; each service's database in turn | transactions failing mid-way, handlers retried or dead-lettered, replicas failing to start |
| consumer pause | SIGSTOP of a replica for ${r.settings.pauseMs / 1000} s, longer than the 30 s consumer session timeout, then SIGCONT | the group rebalancing without it, the paused member's late commits refused, its HTTP requests timing out |
| poisoned messages | one message that is not JSON, one of an unknown type and one that breaks its contract, produced straight to three topics | dead-lettering exactly those (once per consumer group reading the topic), and nothing else |

Restarts after any exit are automatic (as an orchestrator would), backing off while a replica's
database refuses it. The load: a new staff group every ${r.settings.applicantEveryMs / 1000} s registers, applies and submits
(a quarter withdraw once assessment has started); a new council every ${r.settings.councilEveryMs / 1000} s bids in a round that
closes at ${Math.round(r.settings.roundClosesAtShare * 100)}% of the run (some submit after the close and are refused, some ask for more than the
round allows and are screened out, a fifth withdraw); four assessors score what is allocated to them;
two officers decide assessed cases, approving what was asked until the fund's or programme's budget
(sized to run out during the run) refuses, then rejecting.

## The reconciliation

After the last fault every replica is running, the load stops starting work, and the run waits
(bounded) until the system is quiet: every outbox published, no consumer group behind on any topic
it reads, no message waiting to be sent, three checks in a row. That wait is the time to recover.
Then it reads each service's own database, the mail server's log and the dead-letter topics:

- every submitted application and every bid screened eligible has exactly one case in awards;
- the case's opening, its decision and a withdrawal show on both sides (applications or intake, and awards);
- committed is at most the budget in every programme, and equals the sum of its approvals; the
  budget awards holds is its owner's;
- the round opened and closed once, no bid was accepted at or after its closing time, and the
  closing count is the bids submitted;
- every message an event owes (receipt of a submission, notice of an ineligible bid, decision letter,
  allocation notice to each assessor, budget alert to each officer) is recorded and sent, exactly
  one receipt per submission, and exactly one distinct email per (event, template, recipient),
  matched through the \`X-Delivery-Reference\` header (SMTP is at least once by design: a sender
  that dies between the server's acceptance and its record sends again with the same Message-ID,
  which mail systems treat as one message; such resends are counted apart);
- no dead letter but the poisoned messages, and each of those dead-lettered by every group reading its topic.

## Running it

\`\`\`bash
npm run chaos              # full run: about ${Math.round(r.settings.faultSeconds / 60)} minutes of faults, writes this file
npm run chaos -- --short   # about 2 minutes, a few of each fault (part of npm test: test/chaos)
\`\`\`

It needs PostgreSQL on 127.0.0.1:5432 and Java for the broker (as \`npm test\` does) and builds the
services first. It uses its own broker on 127.0.0.1:19092 (state in \`.local/kafka-19092\`, wiped at
the start of each run), its own databases (\`mutuals_<service>_chaos\`, recreated each run), ports
4101-4132 and an SMTP server inside the run; service logs go to \`.local/chaos/logs\`, the figures to
\`.local/chaos/<mode>.json\`. With \`TEST_ISOLATION=<name>\` (as for the other tests) a parallel run gets
databases named after it and a broker and ports of its own. The exit code is non-zero when anything is lost, duplicated or
inconsistent, or dead-lettered without being poisoned.
`;
}

module.exports = { table, markdown };
