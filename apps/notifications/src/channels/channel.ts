import { MessageTemplate } from '../templates/template';

export interface OutgoingMessage {
  /** Our delivery id: the message's idempotency reference; carries no personal data. */
  reference: string;
  to: string;
  template: MessageTemplate;
  personalisation: Record<string, string>;
  /** The template rendered with the personalisation (channels that render themselves ignore it). */
  subject: string;
  body: string;
  /** An earlier attempt may have reached the provider (its sender died or timed out before recording). */
  mayAlreadyBeSent: boolean;
}

export interface SendResult {
  providerId: string;
  /** 'sent' when accepted now; an earlier attempt found at the provider reports its own status. */
  status: 'sent' | 'delivered' | 'permanent-failure';
}

/** A failure worth retrying (connection refused, 4xx SMTP, provider 5xx or 429). */
export class TemporaryFailure extends Error {}
/** A failure that will not change on retry (address refused, bad request). */
export class PermanentFailure extends Error {}

export interface MessageChannel {
  readonly name: string;
  send(message: OutgoingMessage): Promise<SendResult>;
}

export const MESSAGE_CHANNEL = Symbol('MESSAGE_CHANNEL');
