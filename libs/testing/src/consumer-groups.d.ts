import type { Kafka } from 'kafkajs';

export declare function moveGroupsToEnd(kafka: Kafka, groupIds: string[]): Promise<void>;
