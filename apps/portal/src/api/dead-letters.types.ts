/** The shapes every service's /admin/dead-letters answers with (its OpenAPI document at /docs). */

export const DEAD_LETTER_STATUSES = ['pending', 'replayed', 'discarded'];

export interface DeadLetterSummary {
  id: string;
  status: string;
  reason: string;
  detail: string;
  topic: string;
  originTopic: string;
  originPartition: number | null;
  originOffset: string;
  consumerGroup: string;
  failedAt: string;
  key: string | null;
  eventId: string | null;
  eventType: string | null;
  payload: string | null;
}

export interface DeadLetterDetail extends DeadLetterSummary {
  headers: Record<string, string>;
  payloadJson: unknown;
  history: { action: string; actor: string; reason: string | null; at: string }[];
}

export interface DeadLetterPage {
  items: DeadLetterSummary[];
  page: number;
  pageSize: number;
  total: number;
}

export interface ReplayTopicResult {
  topic: string;
  replayed: string[];
}
