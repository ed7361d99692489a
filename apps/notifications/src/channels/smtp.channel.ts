import { createTransport, Transporter } from 'nodemailer';
import { MessageChannel, OutgoingMessage, PermanentFailure, SendResult, TemporaryFailure } from './channel';

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
    this.transport = createTransport({ url: smtpUrl, pool: true, maxConnections: 5, connectionTimeout: 5000, greetingTimeout: 5000, socketTimeout: 10000 });
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
