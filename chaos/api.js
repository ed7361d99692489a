/**
 * How the load reaches the services: over HTTP to either replica, with short-lived bearer tokens
 * signed by the development key (by scripts/mint-token.js), a fresh one per request. A request
 * that gets no answer (replica killed or paused) or a 5xx (its database cut off) is sent again, to
 * the other replica, until a deadline. A write whose answer was lost may have taken effect, so it is marked uncertain: the
 * services' own guards (versions, one bid per authority, "already submitted") then answer the
 * resend with a 409, or the caller's `verify` reads back whether it happened before resending.
 */
const { signToken } = require('../scripts/mint-token');

const REQUEST_TIMEOUT_MS = 8000;
const DEADLINE_MS = 120000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A person with a signed token: an applicant or council user (org), an assessor, an officer. */
function person(role, id, { name, org } = {}) {
  const email = `${id}@example.org`;
  // Tokens live minutes and a run lasts longer: `token` signs a new one each time it is read.
  const sign = () => signToken({ roles: [role], subject: id, name: name ?? id, email, organisationId: org, expiresIn: 300 });
  return { id, role, name: name ?? id, email, org, get token() { return sign(); } };
}

class Abandoned extends Error {}

class HttpStats {
  constructor() {
    this.requests = 0;
    this.noAnswer = 0;
    this.serverErrors = 0;
    this.retries = 0;
    this.uncertain = 0;
    this.abandoned = 0;
  }
}

class ServiceApi {
  constructor(service, ports, stats) {
    this.service = service;
    this.ports = ports;
    this.stats = stats;
    this.next = Math.floor(Math.random() * ports.length);
  }

  /**
   * Returns { status, body, uncertain } for any answer below 500; throws Abandoned after the
   * deadline. With `verify`, a write whose earlier attempt went unanswered is first looked for:
   * when verify finds it, its result comes back as { status: 'found', body, uncertain: true }.
   */
  async call(method, route, { user, body, verify, deadlineMs = DEADLINE_MS } = {}) {
    const deadline = Date.now() + deadlineMs;
    let uncertain = false;
    let countedUncertain = false;
    for (let attempt = 0, backoff = 200; ; attempt += 1) {
      if (uncertain && verify) {
        const found = await verify().catch(() => undefined);
        if (found !== undefined) return { status: 'found', body: found, uncertain };
      }
      const port = this.ports[this.next % this.ports.length];
      this.stats.requests += 1;
      if (attempt > 0) this.stats.retries += 1;
      try {
        const response = await fetch(`http://127.0.0.1:${port}${route}`, {
          method,
          headers: { authorization: `Bearer ${user.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        const text = await response.text();
        if (response.status < 500) {
          let parsed = null;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            parsed = text;
          }
          return { status: response.status, body: parsed, uncertain };
        }
        this.stats.serverErrors += 1;
      } catch {
        this.stats.noAnswer += 1;
      }
      // A write that got no answer, or a 5xx, may still have committed; try the other replica next.
      if (method !== 'GET' && !countedUncertain) {
        uncertain = countedUncertain = true;
        this.stats.uncertain += 1;
      }
      this.next += 1;
      if (Date.now() + backoff > deadline) {
        this.stats.abandoned += 1;
        throw new Abandoned(`${method} ${this.service}${route}: no answer within ${deadlineMs / 1000}s`);
      }
      await sleep(backoff);
      backoff = Math.min(backoff * 2, 2000);
    }
  }
}

module.exports = { person, ServiceApi, HttpStats, Abandoned };
