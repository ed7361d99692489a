#!/usr/bin/env node
// Dead letters of a service, through its HTTP API as an admin: npm run dlq -- <command> ... (see USAGE).
const os = require('node:os');
const { parseArgs } = require('node:util');
const { mintToken } = require('./mint-token');

const SERVICES = { applications: 3001, intake: 3002, awards: 3003, notifications: 3004 };
const STATUSES = ['pending', 'replayed', 'discarded'];

const USAGE = `usage: npm run dlq -- <command> --service <${Object.keys(SERVICES).join('|')}> [options]

  list [--status ${STATUSES.join('|')}] [--topic <topic>] [--page <n>] [--page-size <n>]
                             the service's dead letters, newest first
  show <id>                  one dead letter: origin, reason, headers, payload, what was done to it
  replay <id> [--reason "..."]
                             sends it to its origin topic again (same key and event id: one effect)
  replay --topic <topic> [--reason "..."]
                             replays every pending dead letter of the topic, in order
  discard <id> --reason "..."
                             records that it will not be replayed, and why

  --actor <name>             who you are in the audit (default: your user name, ${safeUserName()})
  --json                     the service's answer as JSON

An id is <dead-letter topic>:<partition>:<offset>, as list shows it. Service URLs default to
http://127.0.0.1:3001 to :3004; set APPLICATIONS_URL, INTAKE_URL, AWARDS_URL or NOTIFICATIONS_URL
to reach others. Each call sends a short-lived token for that service alone, signed with the
development key (as npm run token signs them), which services trust only outside production.`;

class UsageError extends Error {}

function safeUserName() {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER || 'operator';
  }
}

function readCommand(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        service: { type: 'string' },
        status: { type: 'string' },
        topic: { type: 'string' },
        reason: { type: 'string' },
        actor: { type: 'string' },
        page: { type: 'string' },
        'page-size': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError(err.message);
  }
  const { values, positionals } = parsed;
  const [command, id, ...extra] = positionals;
  if (values.help) return { command: 'help' };
  if (!command) throw new UsageError('say what to do: list, show, replay or discard');
  if (!['list', 'show', 'replay', 'discard'].includes(command)) throw new UsageError(`unknown command "${command}"`);
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
  if (!values.service) throw new UsageError('--service is required');
  if (!(values.service in SERVICES)) throw new UsageError(`unknown service "${values.service}"`);
  if (values.status && !STATUSES.includes(values.status)) throw new UsageError(`--status must be one of ${STATUSES.join(', ')}`);
  for (const name of ['page', 'page-size']) {
    if (values[name] !== undefined && !/^[1-9]\d*$/.test(values[name])) throw new UsageError(`--${name} must be a whole number from 1`);
  }
  if (command === 'list' && id) throw new UsageError('list takes no id');
  if ((command === 'show' || command === 'discard') && !id) throw new UsageError(`${command} needs the id of a dead letter`);
  if (command === 'replay' && !id === !values.topic) throw new UsageError('replay needs either the id of a dead letter or --topic <topic>');
  if (command === 'discard' && !values.reason?.trim()) throw new UsageError('discard needs --reason "why it will not be replayed"');
  return { command, id, ...values, actor: values.actor || safeUserName() };
}

function serviceUrl(service) {
  return process.env[`${service.toUpperCase()}_URL`] || `http://127.0.0.1:${SERVICES[service]}`;
}

async function call(options, method, path, { query, body } = {}) {
  const base = serviceUrl(options.service);
  const url = new URL(path, base);
  for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(name, String(value));
  const headers = { Authorization: `Bearer ${mintToken('admin', options.actor, undefined, 120, options.service)}`, Accept: 'application/json' };
  if (body) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(url, { method, headers, body: body ? JSON.stringify(body) : undefined, signal: AbortSignal.timeout(30000) });
  } catch (err) {
    throw new Error(`cannot reach the ${options.service} service at ${base}: ${err.cause?.message ?? err.message}`);
  }
  const text = await response.text();
  let answer;
  try {
    answer = text ? JSON.parse(text) : undefined;
  } catch {
    throw new Error(`${options.service} answered ${response.status} with something other than JSON: ${text.slice(0, 200)}`);
  }
  if (!response.ok) {
    const fields = Array.isArray(answer?.details) ? answer.details.map((d) => `\n  ${d.field}: ${d.problems.join(', ')}`).join('') : '';
    throw new Error(`${options.service} refused (${response.status} ${answer?.code ?? ''}): ${answer?.message ?? response.statusText}${fields}`);
  }
  return answer;
}

const pathOf = (id, action = '') => `/admin/dead-letters/${encodeURIComponent(id)}${action}`;
const origin = (l) => `${l.originTopic} [${l.originPartition ?? '?'}] @${l.originOffset}`;

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')).join('\n');
}

function printLetter(letter) {
  const lines = [
    ['id', letter.id],
    ['status', letter.status],
    ['reason', letter.reason],
    ['detail', letter.detail],
    ['origin', origin(letter)],
    ['consumer group', letter.consumerGroup],
    ['failed at', letter.failedAt],
    ['key', letter.key ?? ''],
    ['event', letter.eventId ? `${letter.eventType} ${letter.eventId}` : '(not an event envelope)'],
  ];
  console.log(table(lines.map(([k, v]) => [`${k}:`, String(v)])));
  if (letter.headers) {
    console.log('\nheaders:');
    for (const [name, value] of Object.entries(letter.headers)) console.log(`  ${name}: ${value}`);
  }
  if ('payload' in letter) {
    console.log('\npayload:');
    console.log(letter.payloadJson !== null ? JSON.stringify(letter.payloadJson, null, 2) : (letter.payload ?? '(none)'));
  }
  if (letter.history?.length) {
    console.log('\nhistory:');
    for (const h of letter.history) console.log(`  ${h.at}  ${h.action} by ${h.actor}${h.reason ? `: ${h.reason}` : ''}`);
  }
}

async function run(options) {
  const print = (answer, human) => (options.json ? console.log(JSON.stringify(answer, null, 2)) : human(answer));
  switch (options.command) {
    case 'help':
      return console.log(USAGE);
    case 'list': {
      const query = { status: options.status, topic: options.topic, page: options.page, pageSize: options['page-size'] };
      return print(await call(options, 'GET', '/admin/dead-letters', { query }), (page) => {
        if (page.items.length === 0) return console.log(`No dead letters${options.status ? ` ${options.status}` : ''} in ${options.service}.`);
        const rows = page.items.map((l) => [l.id, l.status, l.reason, l.failedAt, origin(l)]);
        console.log(table([['ID', 'STATUS', 'REASON', 'FAILED AT', 'ORIGIN'], ...rows]));
        const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
        console.log(`\n${page.total} dead letter${page.total === 1 ? '' : 's'} in ${options.service}; page ${page.page} of ${pages}.`);
      });
    }
    case 'show':
      return print(await call(options, 'GET', pathOf(options.id)), printLetter);
    case 'replay':
      if (options.topic) {
        return print(await call(options, 'POST', '/admin/dead-letters/replay', { body: { topic: options.topic, reason: options.reason } }), (result) => {
          console.log(`Replayed ${result.replayed.length} pending dead letter${result.replayed.length === 1 ? '' : 's'} of ${result.topic}.`);
          for (const id of result.replayed) console.log(`  ${id}`);
        });
      }
      return print(await call(options, 'POST', pathOf(options.id, '/replay'), { body: { reason: options.reason } }), (letter) =>
        console.log(`Replayed ${letter.id} to ${origin(letter)}.`),
      );
    case 'discard':
      return print(await call(options, 'POST', pathOf(options.id, '/discard'), { body: { reason: options.reason } }), (letter) =>
        console.log(`Discarded ${letter.id}: ${options.reason.trim()}`),
      );
  }
}

async function main() {
  let options;
  try {
    options = readCommand(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`dlq: ${err.message}\n\n${USAGE}`);
    process.exit(2);
  }
  try {
    await run(options);
  } catch (err) {
    console.error(`dlq: ${err.message}`);
    process.exit(1);
  }
}

void main();
