import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  subject: string;
  messageId: string;
  body: string;
}

function header(raw: string, name: string): string {
  const match = new RegExp(`^${name}:\\s*(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(raw);
  return match ? match[1].replace(/\r?\n[ \t]+/g, ' ').trim() : '';
}

function decodeBody(raw: string, body: string): string {
  const encoding = header(raw, 'Content-Transfer-Encoding').toLowerCase();
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body;
}

/** A real SMTP server, in-process, that keeps what it receives. */
export class SmtpTestServer {
  readonly received: ReceivedMail[] = [];
  /** Replies with this SMTP code instead of accepting, while set (for failure tests). */
  failWith?: { code: number; message: string };
  /** Connections opened to this server, and the credentials clients signed in with. */
  connections = 0;
  readonly logins: { username?: string; password?: string }[] = [];
  /**
   * Runs once a message is stored and before the client hears it was accepted (for tests that make
   * the sender die or lose its database at that moment); the reply waits for it.
   */
  onAccepted?: (mail: ReceivedMail) => unknown;
  private server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    onConnect: (_session, callback) => {
      this.connections += 1;
      callback();
    },
    onAuth: (auth, _session, callback) => {
      this.logins.push({ username: auth.username, password: auth.password });
      callback(null, { user: auth.username });
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (this.failWith) {
          const error = new Error(this.failWith.message) as Error & { responseCode: number };
          error.responseCode = this.failWith.code;
          return callback(error);
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const split = raw.search(/\r?\n\r?\n/);
        const mail: ReceivedMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          subject: header(raw, 'Subject'),
          messageId: header(raw, 'Message-ID'),
          body: split >= 0 ? decodeBody(raw, raw.slice(split).trim()) : '',
        };
        this.received.push(mail);
        void Promise.resolve(this.onAccepted?.(mail)).finally(() => callback());
      });
    },
  });

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.to.includes(address));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
