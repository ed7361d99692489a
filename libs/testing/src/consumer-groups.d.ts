import type { Kafka } from 'kafkajs';

export declare function moveGroupsToEnd(kafka: Kafka, groupIds: string[], options?: { topicPrefix?: string }): Promise<void>;
