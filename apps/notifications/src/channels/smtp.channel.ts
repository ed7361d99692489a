import { connect } from 'node:net';
import { createTransport, Transporter } from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { MessageChannel, OutgoingMessage, PermanentFailure, SendResult, TemporaryFailure } from './channel';

const CONNECTION_TIMEOUT_MS = 5000;

/**
 * Opens the TCP connection for nodemailer (which upgrades it to TLS for smtps:// and STARTTLS)
 * with Nagle's algorithm off. With it on, each command on a kept-alive connection waits out the
 * server's delayed acknowledgement, about 40 ms a message.
 */
function connectWithoutDelay(options: SMTPPool.Options, callback: (err: Error | null, socketOptions?: unknown) => void): void {
  const socket = connect({ host: options.host ?? 'localhost', port: Number(options.port) || (options.secure ? 465 : 587), noDelay: true });
  socket.setTimeout(CONNECTION_TIMEOUT_MS, () => socket.destroy(new Error(`could not connect to ${options.host}:${options.port} in ${CONNECTION_TIMEOUT_MS} ms`)));
  socket.once('error', callback);
  socket.once('connect', () => {
    socket.setTimeout(0);
    socket.removeListener('error', callback);
    callback(null, { connection: socket });
  });
}

/**
 * Email over SMTP. SMTP cannot be asked whether a message arrived, so a message whose sender died
 * between the server's acceptance and our record is sent again: at least once, never lost. The
 * Message-ID is derived from the delivery id, so such a resend is the same message to mail
 * systems (and to the recipient's client), not a second one.
 */
export class SmtpChannel implements MessageChannel {
  readonly name = 'smtp';
  private readonly transport: Transporter;

  constructor(smtpUrl: string, private readonly from: string) {
    // A pool of kept-alive connections: a backlog of receipts must not open a connection per message.
    // The URL is parsed here because nodemailer ignores every other option when given `url`.
    this.transport = createTransport({
      ...parseConnectionUrl(smtpUrl),
      pool: true,
      maxConnections: 5,
      // Reconnecting costs the server's greeting pause (often deliberate, against spammers), which
      // every message queued on that connection waits out; nodemailer's default is 100 a connection.
      maxMessages: 1000,
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      greetingTimeout: 5000,
      socketTimeout: 10000,
      getSocket: connectWithoutDelay,
    });
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    try {
      const info = await this.transport.sendMail({
        from: this.from,
        to: message.to,
        subject: message.subject,
        text: message.body,
        messageId: `<${message.reference}@mutuals-platform>`,
        headers: { 'X-Delivery-Reference': message.reference },
      });
      return { providerId: info.messageId, status: 'sent' };
    } catch (err) {
      const e = err as { responseCode?: number; message?: string };
      if (typeof e.responseCode === 'number' && e.responseCode >= 500) throw new PermanentFailure(e.message ?? 'refused');
      throw new TemporaryFailure(e.message ?? String(err));
    }
  }

  close() {
    this.transport.close();
  }
}
