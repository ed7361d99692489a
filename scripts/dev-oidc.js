#!/usr/bin/env node
/*
 * A local OpenID Connect provider for trying the portal's real sign-in on one machine (never in a
 * deployment): oidc-provider on http://127.0.0.1:3010 with one client, the portal at
 * http://127.0.0.1:3000. Its sign-in page takes any email address and signs that person in (the
 * same address is always the same subject), with the email confirmed unless you untick the box.
 * Who gets in, and as what, is the portal's user directory's to say: make the first admin with
 * `npm run admin:create`, then invite the others from the portal.
 *
 *   node scripts/dev-oidc.js            (or DEV_OIDC=true npm run dev, which starts it and points the portal at it)
 *
 * Settings: DEV_OIDC_PORT (3010), PORTAL_URL (http://127.0.0.1:3000). The client is
 * OIDC_CLIENT_ID=mutuals-portal-dev, OIDC_CLIENT_SECRET=dev-only-oidc-client-secret.
 */
const { createHash, generateKeyPairSync } = require('node:crypto');
const { createServer } = require('node:http');
const { Provider } = require('oidc-provider');

const PORT = Number(process.env.DEV_OIDC_PORT || 3010);
const PORTAL = (process.env.PORTAL_URL || 'http://127.0.0.1:3000').replace(/\/+$/, '');
const ISSUER = `http://127.0.0.1:${PORT}`;
const CLIENT_ID = 'mutuals-portal-dev';
const CLIENT_SECRET = 'dev-only-oidc-client-secret';

/** People who signed in here, by subject: what the userinfo endpoint answers about them. */
const people = new Map();
const subjectOf = (email) => `dev-${createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 24)}`;
const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title, body) =>
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} - Local identity provider</title>` +
  '<style>body{font-family:sans-serif;max-width:40rem;margin:2rem auto;line-height:1.5}label,input,button{display:block;margin:.5rem 0}input[type=checkbox]{display:inline}</style>' +
  `</head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;

const provider = new Provider(ISSUER, {
  clients: [
    {
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uris: [`${PORTAL}/sign-in/callback`],
      post_logout_redirect_uris: [`${PORTAL}/sign-in?ended=signed-out`],
      response_types: ['code'],
      grant_types: ['authorization_code'],
    },
  ],
  pkce: { required: () => true, methods: ['S256'] },
  scopes: ['openid', 'email', 'profile'],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  jwks: { keys: [{ ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: 'dev', alg: 'RS256', use: 'sig' }] },
  cookies: { keys: ['dev-only-oidc-cookie-key'] },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = page('Sign out of the local identity provider?', `${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>`);
      },
    },
  },
  ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 8 * 3600, Grant: 8 * 3600 },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  // The portal is first party: no consent page.
  loadExistingGrant: async (ctx) => {
    if (!ctx.oidc.session || !ctx.oidc.session.accountId || !ctx.oidc.client) return undefined;
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  findAccount: async (_ctx, subject) => {
    const person = people.get(subject);
    return person && { accountId: subject, claims: async () => ({ sub: subject, email: person.email, email_verified: person.emailVerified, name: person.email }) };
  },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = page('The identity provider refused the request', `<pre>${escapeHtml(JSON.stringify(out, null, 2))}</pre>`);
  },
});

const loginForm = (uid, error) =>
  (error ? `<p role="alert">${escapeHtml(error)}</p>` : '') +
  `<form method="post" action="/interaction/${uid}">` +
  '<label for="email">Email address</label><input id="email" name="email" type="email" autocomplete="email" required>' +
  '<label><input type="checkbox" name="verified" value="yes" checked> The email address is confirmed</label>' +
  '<button type="submit">Sign in</button></form>' +
  '<p>Local development only: anyone can sign in as any address here. The portal decides whether they get in.</p>';

async function formOf(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

async function interaction(req, res, uid) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('This sign-in has expired: start again from the portal');
  if (req.method === 'POST') {
    const form = await formOf(req);
    const email = (form.get('email') || '').trim();
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(page('Sign in', loginForm(uid, 'Enter an email address')));
    }
    const subject = subjectOf(email);
    people.set(subject, { email, emailVerified: form.get('verified') === 'yes' });
    return provider.interactionFinished(req, res, { login: { accountId: subject } }, { mergeWithLastSubmission: false });
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(page('Sign in', loginForm(uid)));
}

const callback = provider.callback();
createServer((req, res) => {
  const match = /^\/interaction\/([\w-]+)$/.exec(new URL(req.url || '/', ISSUER).pathname);
  if (!match) return callback(req, res);
  interaction(req, res, match[1]).catch((err) => {
    res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page('Sign-in did not work', `<p>${escapeHtml(err.message)}</p>`));
  });
}).listen(PORT, '127.0.0.1', () => {
  console.log(`local OpenID Connect provider at ${ISSUER} (client ${CLIENT_ID}, redirect ${PORTAL}/sign-in/callback)`);
});
