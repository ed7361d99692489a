#!/usr/bin/env node
// Mints a signed bearer token for local use: node scripts/mint-token.js <role> [subject] [organisationId]
const jwt = require('jsonwebtoken');

const ROLES = ['applicant', 'assessor', 'programme_officer', 'admin'];
const [role, subject, organisationId] = process.argv.slice(2);
if (!ROLES.includes(role)) {
  console.error(`usage: mint-token <${ROLES.join('|')}> [subject] [organisationId]`);
  process.exit(2);
}
const secret = process.env.AUTH_JWT_SECRET || 'dev-only-jwt-secret-never-use-in-production-0001';
const sub = subject || `demo-${role}`;
const token = jwt.sign(
  { roles: [role], name: `Demo ${role.replace('_', ' ')}`, email: `${sub}@example.org`, org: organisationId },
  secret,
  { algorithm: 'HS256', subject: sub, issuer: process.env.AUTH_JWT_ISSUER || 'mutuals-platform', audience: 'mutuals-platform', expiresIn: '12h' },
);
process.stdout.write(token + '\n');
