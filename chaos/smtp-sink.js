/**
 * The run's own mail server: it accepts every message and keeps what identifies it, so each email
 * the notifications service sent can be matched to its delivery record (the X-Delivery-Reference
 * header carries the delivery id; the Message-ID is derived from it, so a resend keeps it).
 */
const { SMTPServer } = require('smtp-server');

function header(raw, name) {
  const match = new RegExp(`^${name}:\\s*(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(raw);
  return match ? match[1].replace(/\r?\n[ \t]+/g, ' ').trim() : '';
}

class SmtpSink {
  constructor() {
    this.received = [];
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      disableReverseLookup: true,
      logger: false,
      // The services keep pooled connections open; a killed replica's half-sent message is never counted.
      onData: (stream, session, callback) => {
        const chunks = [];
        stream.on('data', (c) => chunks.push(c));
        stream.on('end', () => {
          const headers = Buffer.concat(chunks).toString('utf8').split(/\r?\n\r?\n/)[0];
          this.received.push({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            subject: header(headers, 'Subject'),
            messageId: header(headers, 'Message-ID'),
            deliveryReference: header(headers, 'X-Delivery-Reference'),
            at: Date.now(),
          });
          callback();
        });
      },
    });
  }

  start() {
    // A replica killed mid-conversation resets its connection; that is the fault, not the server's.
    this.server.on('error', () => undefined);
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', () => resolve(this)));
  }

  get url() {
    return `smtp://127.0.0.1:${this.server.server.address().port}`;
  }

  stop() {
    return new Promise((resolve) => this.server.close(resolve));
  }
}

module.exports = { SmtpSink };
