import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Adapter, AdapterPayload, Configuration, KoaContextWithOIDC, Provider } from 'oidc-provider';

/** A person with an account at the identity provider. */
export interface ProviderAccount {
  /** What they type on the provider's sign-in page. */
  login: string;
  email: string;
  emailVerified: boolean;
  name: string;
  /** The provider's stable id for them; made up when not given. */
  subject?: string;
}

export interface OidcTestProvider {
  /** The issuer, as the portal's OIDC_ISSUER. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** A second client for the portal that proves who it is with a signed assertion (`private_key_jwt`), as GOV.UK One Login requires. */
  keyClient: { clientId: string; privateKeyPem: string; kid: string };
  /** The client of every authorization code the provider exchanged for tokens. */
  tokenGrants: string[];
  /** Adds an account (or replaces one with the same login); returns its subject. */
  addAccount(account: ProviderAccount): string;
  /** Every authorisation request the portal made, as the provider received it. */
  authorizationRequests: URLSearchParams[];
  close(): Promise<void>;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} - Test identity provider</title></head>` +
    `<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

async function formOf(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * A real OpenID Connect provider (`oidc-provider`, the certified implementation) on 127.0.0.1 for
 * the portal to sign in against: authorisation code flow with PKCE (S256) required, a confidential
 * client for the portal, email and email_verified claims (from the userinfo endpoint, as GOV.UK One
 * Login sends them), and a plain sign-in page (a username, no password: these are test accounts) that the browser fills in. No consent page: the
 * portal is the provider's own first-party client.
 */
export async function startOidcTestProvider(portal: { redirectUri: string; postLogoutRedirectUri: string }): Promise<OidcTestProvider> {
  const accounts = new Map<string, ProviderAccount & { subject: string }>();
  const bySubject = (subject: string) => [...accounts.values()].find((a) => a.subject === subject);
  const authorizationRequests: URLSearchParams[] = [];

  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'mutuals-portal';
  const clientSecret = randomBytes(24).toString('base64url');
  const clientKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const keyClient = { clientId: 'mutuals-portal-key', privateKeyPem: clientKeys.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), kid: 'portal-client-1' };
  const tokenGrants: string[] = [];

  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [portal.redirectUri],
        post_logout_redirect_uris: [portal.postLogoutRedirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
      {
        client_id: keyClient.clientId,
        redirect_uris: [portal.redirectUri],
        post_logout_redirect_uris: [portal.postLogoutRedirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'ES256',
        jwks: { keys: [{ ...clientKeys.publicKey.export({ format: 'jwk' }), kid: keyClient.kid, alg: 'ES256', use: 'sig' } as never] },
      },
    ],
    pkce: { required: () => true, methods: ['S256'] },
    scopes: ['openid', 'email', 'profile'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // As GOV.UK One Login: the ID token proves who signed in, the userinfo endpoint says the rest.
    conformIdTokenClaims: true,
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    jwks: { keys: [{ ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: 'test', alg: 'RS256', use: 'sig' } as never] },
    adapter: MemoryAdapter,
    // A refused request says why, so a failing test shows it.
    renderError: async (ctx: KoaContextWithOIDC, out: object) => {
      ctx.type = 'html';
      ctx.body = page('The identity provider refused the request', `<pre id="error">${escapeHtml(JSON.stringify(out))}</pre>`);
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: KoaContextWithOIDC, form: string) => {
          ctx.body = page('Sign out of the identity provider?', `${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>`);
        },
      },
    },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    // The portal is first party: every scope it asks for is granted without a consent page.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const accountId = ctx.oidc.session?.accountId;
      if (!accountId || !ctx.oidc.client) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
    findAccount: async (_ctx: KoaContextWithOIDC, subject: string) => {
      const account = bySubject(subject);
      if (!account) return undefined;
      return {
        accountId: subject,
        claims: async () => ({ sub: subject, email: account.email, email_verified: account.emailVerified, name: account.name }),
      };
    },
  };
  const provider = new Provider(issuer, configuration);
  provider.on('authorization.accepted', (ctx: KoaContextWithOIDC) => {
    const params = Object.entries(ctx.oidc.params ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
    authorizationRequests.push(new URLSearchParams(params));
  });
  provider.on('grant.success', (ctx: KoaContextWithOIDC) => {
    if (ctx.oidc.client) tokenGrants.push(ctx.oidc.client.clientId);
  });
  const callback = provider.callback();

  async function interaction(req: IncomingMessage, res: ServerResponse, uid: string): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error('Interaction mismatch');
    if (req.method === 'POST') {
      const form = await formOf(req);
      const account = accounts.get(form.get('login') ?? '');
      if (!account) {
        res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
        res.end(page('Sign in', `<p role="alert">There is no account with that username.</p>${loginForm(uid)}`));
        return;
      }
      await provider.interactionFinished(req, res, { login: { accountId: account.subject } }, { mergeWithLastSubmission: false });
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page('Sign in', loginForm(uid)));
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const match = /^\/interaction\/([\w-]+)$/.exec(new URL(req.url ?? '/', issuer).pathname);
    if (!match) return void callback(req, res);
    interaction(req, res, match[1]).catch((err: Error) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(err.message);
    });
  });

  return {
    issuer,
    clientId,
    clientSecret,
    keyClient,
    tokenGrants,
    authorizationRequests,
    addAccount(account) {
      const subject = account.subject ?? accounts.get(account.login)?.subject ?? randomUUID();
      accounts.set(account.login, { ...account, subject });
      return subject;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** The provider's grants, codes and sessions, kept for the test's lifetime (one store per kind of model). */
class MemoryAdapter implements Adapter {
  private static readonly stores = new Map<string, Map<string, AdapterPayload>>();
  private readonly store: Map<string, AdapterPayload>;

  constructor(name: string) {
    this.store = MemoryAdapter.stores.get(name) ?? new Map();
    MemoryAdapter.stores.set(name, this.store);
  }

  async upsert(id: string, payload: AdapterPayload): Promise<void> {
    this.store.set(id, payload);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.store.get(id);
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return [...this.store.values()].find((p) => p.userCode === userCode);
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return [...this.store.values()].find((p) => p.uid === uid);
  }

  async consume(id: string): Promise<void> {
    const payload = this.store.get(id);
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    this.store.delete(id);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    for (const [id, payload] of this.store) if (payload.grantId === grantId) this.store.delete(id);
  }
}

function loginForm(uid: string): string {
  return `<form method="post" action="/interaction/${uid}">` +
    '<label for="login">Username</label> <input id="login" name="login" autocomplete="username">' +
    '<button type="submit">Continue</button></form>';
}

/** A port nothing listens on now, for a server whose settings must name its own address before it starts. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
