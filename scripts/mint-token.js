#!/usr/bin/env node
// Mints a signed bearer token for local use (see USAGE): npm run token -- <role[,role]> [subject] [organisationId] [options]
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');
const jwt = require('jsonwebtoken');

const ROLES = ['applicant', 'assessor', 'programme_officer', 'admin'];
const SERVICES = ['applications', 'intake', 'awards', 'notifications'];
const DEV_KEY = require(path.join(__dirname, '../libs/config/src/dev-signing-key.json'));
/** The longest lifetime the services accept by default (AUTH_TOKEN_MAX_AGE_SECONDS). */
const MAX_SECONDS = 300;

const USAGE = `usage: npm run token -- <role[,role...]> [subject] [organisationId] [options]

  roles: ${ROLES.join(', ')} (several comma-separated)

  --audience <service|all>   the service the token is for: ${SERVICES.join(', ')}, or all
                             (default: all four, a development convenience; the portal mints one per service)
  --seconds <n>              lifetime in seconds (default and longest the services accept: ${MAX_SECONDS})
  --key <file>               sign with this PEM private key (EC P-256) instead of the development key
  --kid <id>                 the key's id (needed with --key; the development key's is ${DEV_KEY.kid})
  --issuer <name>            default: AUTH_JWT_ISSUER or mutuals-platform

Without --key the token is signed with the committed development key, which services trust only
outside production.`;

/** The signing key and its kid: a key file given, or the development key. */
function signingKey({ keyFile, kid } = {}) {
  if (!keyFile) return { key: DEV_KEY.privateKey, kid: kid || DEV_KEY.kid };
  if (!kid) throw new Error('--kid is needed with --key: the services pick the public key by it');
  return { key: readFileSync(keyFile, 'utf8'), kid };
}

/**
 * A token as the services expect it: ES256, with a kid, for the given service(s), short-lived.
 * `expiresIn` in seconds (or a jsonwebtoken duration such as '5m').
 */
function signToken({ roles, subject, name, email, organisationId, audience = SERVICES, expiresIn = MAX_SECONDS, keyFile, kid, issuer }) {
  const { key, kid: keyId } = signingKey({ keyFile, kid });
  return jwt.sign({ roles, name, email, org: organisationId }, key, {
    algorithm: 'ES256',
    keyid: keyId,
    subject,
    issuer: issuer || process.env.AUTH_JWT_ISSUER || 'mutuals-platform',
    audience,
    expiresIn,
  });
}

/** The token of a demo user with one role (used by scripts/dlq.js and the load scripts). */
function mintToken(role, subject, organisationId, expiresIn = MAX_SECONDS, audience = SERVICES) {
  const sub = subject || `demo-${role}`;
  return signToken({ roles: [role], subject: sub, name: `Demo ${role.replace('_', ' ')}`, email: `${sub}@example.org`, organisationId, audience, expiresIn });
}

function main(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      audience: { type: 'string' },
      seconds: { type: 'string' },
      key: { type: 'string' },
      kid: { type: 'string' },
      issuer: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [roleList, subject, organisationId, ...extra] = positionals;
  const roles = (roleList ?? '').split(',').filter(Boolean);
  if (values.help || roles.length === 0 || extra.length > 0) throw new Error(USAGE);
  const unknown = roles.filter((r) => !ROLES.includes(r));
  if (unknown.length > 0) throw new Error(`unknown role ${unknown.join(', ')}\n\n${USAGE}`);
  const audience = !values.audience || values.audience === 'all' ? SERVICES : values.audience;
  if (typeof audience === 'string' && !SERVICES.includes(audience)) throw new Error(`unknown service "${audience}": one of ${SERVICES.join(', ')} or all`);
  const seconds = values.seconds === undefined ? MAX_SECONDS : Number(values.seconds);
  if (!Number.isInteger(seconds) || seconds < 1) throw new Error('--seconds must be a whole number of seconds');
  const sub = subject || `demo-${roles[0]}`;
  return signToken({
    roles,
    subject: sub,
    name: `Demo ${roles[0].replace('_', ' ')}`,
    email: `${sub}@example.org`,
    organisationId,
    audience,
    expiresIn: seconds,
    keyFile: values.key,
    kid: values.kid,
    issuer: values.issuer,
  });
}

if (require.main === module) {
  try {
    process.stdout.write(main(process.argv.slice(2)) + '\n');
  } catch (err) {
    console.error(err.message);
    process.exit(2);
  }
}

module.exports = { mintToken, signToken, ROLES, SERVICES };
