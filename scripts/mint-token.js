#!/usr/bin/env node
// Mints a signed bearer token for local use: node scripts/mint-token.js <role> [subject] [organisationId]
const jwt = require('jsonwebtoken');

const ROLES = ['applicant', 'assessor', 'programme_officer', 'admin'];

/** A token as the services expect it, signed with AUTH_JWT_SECRET (the development key unless set). */
function mintToken(role, subject, organisationId, expiresIn = '12h') {
  const secret = process.env.AUTH_JWT_SECRET || 'dev-only-jwt-secret-never-use-in-production-0001';
  const sub = subject || `demo-${role}`;
  return jwt.sign(
    { roles: [role], name: `Demo ${role.replace('_', ' ')}`, email: `${sub}@example.org`, org: organisationId },
    secret,
    { algorithm: 'HS256', subject: sub, issuer: process.env.AUTH_JWT_ISSUER || 'mutuals-platform', audience: 'mutuals-platform', expiresIn },
  );
}

if (require.main === module) {
  const [role, subject, organisationId] = process.argv.slice(2);
  if (!ROLES.includes(role)) {
    console.error(`usage: mint-token <${ROLES.join('|')}> [subject] [organisationId]`);
    process.exit(2);
  }
  process.stdout.write(mintToken(role, subject, organisationId) + '\n');
}

module.exports = { mintToken, ROLES };
