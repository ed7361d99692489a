import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import * as jwt from 'jsonwebtoken';
import { MessageTemplate, MissingPersonalisationError, render } from '../../src/templates/template';

export interface NotifyNotification {
  id: string;
  reference: string | null;
  email_address: string;
  template_id: string;
  personalisation: Record<string, string>;
  subject: string;
  body: string;
  status: string;
  created_at: string;
}

/**
 * A local stand-in for GOV.UK Notify's API, enough for the official client: POST
 * /v2/notifications/email and GET /v2/notifications?reference=, with Notify's JWT check (issuer =
 * service id, HS256 signed with the key's secret, issued in the last 30 seconds) and error shapes.
 * It holds the same templates our Notify service would, and renders them as Notify does.
 */
export class NotifyTestServer {
  readonly serviceId = randomUUID();
  private readonly secret = randomUUID();
  /** An API key in Notify's format: name-serviceId-secret. */
  readonly apiKey = `test_key-${this.serviceId}-${this.secret}`;
  readonly notifications: NotifyNotification[] = [];
  /** Answers the next `times` sends (to `to` only, when given) with this status instead of accepting them. */
  failNext?: { status: number; message: string; times: number; to?: string };
  /** Runs once a notification is stored and before the client hears it was accepted; the reply waits for it. */
  onAccepted?: (notification: NotifyNotification) => unknown;
  private readonly server: Server;

  constructor(private readonly templates: readonly MessageTemplate[]) {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  to(email: string): NotifyNotification[] {
    return this.notifications.filter((n) => n.email_address === email);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const error = (status: number, name: string, message: string) => reply(status, { status_code: status, errors: [{ error: name, message }] });

    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    try {
      const claims = jwt.verify(token ?? '', this.secret, { algorithms: ['HS256'] }) as jwt.JwtPayload;
      if (claims.iss !== this.serviceId) throw new Error('wrong issuer');
      if (typeof claims.iat !== 'number' || Math.abs(Date.now() / 1000 - claims.iat) > 30) throw new Error('stale token');
    } catch {
      return error(403, 'AuthError', 'Invalid token: API key not found');
    }

    const url = new URL(req.url ?? '/', this.url);
    if (req.method === 'POST' && url.pathname === '/v2/notifications/email') {
      const body = JSON.parse(await readBody(req)) as { email_address?: string; template_id?: string; personalisation?: Record<string, string>; reference?: string };
      if (this.failNext && this.failNext.times > 0 && (!this.failNext.to || this.failNext.to === body.email_address)) {
        this.failNext.times -= 1;
        return error(this.failNext.status, this.failNext.status === 429 ? 'RateLimitError' : 'Exception', this.failNext.message);
      }
      const template = this.templates.find((t) => t.notifyTemplateId === body.template_id);
      if (!template) return error(400, 'BadRequestError', 'Template not found');
      if (!body.email_address || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(body.email_address)) return error(400, 'ValidationError', 'email_address Not a valid email address');
      let content: { subject: string; body: string };
      try {
        content = render(template, body.personalisation ?? {});
      } catch (err) {
        if (err instanceof MissingPersonalisationError) return error(400, 'BadRequestError', `Missing personalisation: ${err.message}`);
        throw err;
      }
      const notification: NotifyNotification = {
        id: randomUUID(),
        reference: body.reference ?? null,
        email_address: body.email_address,
        template_id: template.notifyTemplateId,
        personalisation: body.personalisation ?? {},
        ...content,
        status: 'sending',
        created_at: new Date().toISOString(),
      };
      this.notifications.push(notification);
      await this.onAccepted?.(notification);
      return reply(201, {
        id: notification.id,
        reference: notification.reference,
        content: { subject: content.subject, body: content.body, from_email: 'mutuals.support@notifications.service.gov.uk' },
        uri: `${this.url}/v2/notifications/${notification.id}`,
        template: { id: template.notifyTemplateId, version: template.version, uri: `${this.url}/v2/template/${template.notifyTemplateId}` },
      });
    }
    if (req.method === 'GET' && url.pathname === '/v2/notifications') {
      const reference = url.searchParams.get('reference');
      const found = this.notifications.filter((n) => reference === null || n.reference === reference).reverse();
      return reply(200, {
        notifications: found.map((n) => ({ id: n.id, reference: n.reference, email_address: n.email_address, type: 'email', status: n.status, subject: n.subject, body: n.body, created_at: n.created_at })),
        links: { current: `${this.url}/v2/notifications` },
      });
    }
    return error(404, 'NotFound', 'Not found');
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
