/**
 * What never reaches a log line, by path (pino `redact`). A key is caught at the top level of the
 * logged object and one or two levels down (`error.config.password`, `kafka.request.token`), which is
 * as deep as anything the services log goes. Values inside free text (an error message quoting an
 * address) are not caught: log ids, not people.
 */
const SECRET_KEYS = [
  'password', 'passwd', 'secret', 'clientSecret', 'token', 'accessToken', 'refreshToken', 'idToken', 'csrfToken',
  'authorization', 'cookie', 'apiKey', 'api_key', 'x-api-key', 'sessionSecret',
];

/** Email addresses and people's names as the services name them (applications, bids, cases, deliveries). */
const PERSONAL_KEYS = [
  'email', 'applicantEmail', 'contactEmail', 'recipient', 'recipients',
  'applicantName', 'contactName', 'actorName', 'fullName', 'firstName', 'lastName', 'givenName', 'familyName',
  // the subject of the token behind an admin action; the dead-letter audit table keeps it
  'actor',
];

/** `name` is a person's only inside these objects (a fund or a topic has a name too). */
const PEOPLE = ['applicant', 'contact', 'person', 'user', 'personalisation'];

function atAnyDepth(key: string): string[] {
  const path = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  const joined = path.startsWith('[') ? path : `.${path}`;
  return [path, `*${joined}`, `*.*${joined}`];
}

export const REDACTED_PATHS: readonly string[] = [
  ...[...SECRET_KEYS, ...PERSONAL_KEYS].flatMap(atAnyDepth),
  ...PEOPLE.flatMap((who) => atAnyDepth(who).map((p) => `${p}.name`)),
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

export const REDACTED = '[redacted]';
