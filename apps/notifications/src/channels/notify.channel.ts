import axios from 'axios';
import { NotifyClient } from 'notifications-node-client';
import { MessageChannel, OutgoingMessage, PermanentFailure, SendResult, TemporaryFailure } from './channel';

interface NotifyNotification {
  id: string;
  reference?: string | null;
  status: string;
}

const FAILED = new Set(['temporary-failure', 'technical-failure']);

/**
 * GOV.UK Notify through its official client; Notify renders the template from the personalisation.
 * Before sending a message an earlier attempt may already have delivered, it asks Notify for a
 * notification with our reference: one that went out is recorded, not sent again.
 */
export class NotifyChannel implements MessageChannel {
  readonly name = 'notify';
  private readonly client: NotifyClient;

  constructor(apiKey: string, baseUrl?: string) {
    this.client = baseUrl ? new NotifyClient(baseUrl, apiKey) : new NotifyClient(apiKey);
    // The client sets no timeout of its own; a hung request must end well inside the claim's lease.
    this.client.setClient(axios.create({ timeout: 10000 }));
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    try {
      if (message.mayAlreadyBeSent) {
        const earlier = await this.findSent(message.reference);
        if (earlier) return earlier;
      }
      const response = await this.client.sendEmail(message.template.notifyTemplateId, message.to, {
        personalisation: message.personalisation,
        reference: message.reference,
      });
      return { providerId: response.data.id, status: 'sent' };
    } catch (err) {
      const e = err as { response?: { status?: number; data?: { errors?: { message?: string }[] } }; message?: string };
      const status = e.response?.status;
      const detail = e.response?.data?.errors?.map((x) => x.message).join('; ') || e.message || String(err);
      // 400: Notify refuses the request itself (bad address, missing personalisation); retrying cannot help.
      if (status === 400) throw new PermanentFailure(`GOV.UK Notify refused the message: ${detail}`);
      throw new TemporaryFailure(`GOV.UK Notify ${status ?? 'unreachable'}: ${detail}`);
    }
  }

  private async findSent(reference: string): Promise<SendResult | undefined> {
    const response = await this.client.getNotifications('email', undefined, reference);
    const notifications: NotifyNotification[] = response.data.notifications ?? [];
    const sent = notifications.find((n) => n.reference === reference && !FAILED.has(n.status));
    if (!sent) return undefined;
    const status = sent.status === 'delivered' ? 'delivered' : sent.status === 'permanent-failure' ? 'permanent-failure' : 'sent';
    return { providerId: sent.id, status };
  }
}
