/** One partition's lag: how many messages the group has yet to handle. */
export interface PartitionLag {
  group: string;
  topic: string;
  partition: number;
  lag: number;
}

export interface TopicOffsets {
  partition: number;
  /** The high watermark: the offset the next message will get. */
  high: string;
  /** The log start offset: the oldest message still kept. */
  low: string;
}

/**
 * High watermark minus the group's committed offset, per partition. A partition the group has never
 * committed counts everything still kept (our consumers start from the beginning) when
 * `uncommittedIsLag`; otherwise a topic the group has never committed on is left out (the group
 * does not read it).
 */
export function partitionLags(
  group: string,
  topic: string,
  offsets: TopicOffsets[],
  committed: { partition: number; offset: string }[],
  uncommittedIsLag: boolean,
): PartitionLag[] {
  const byPartition = new Map(committed.map((c) => [c.partition, Number(c.offset)]));
  const everCommitted = [...byPartition.values()].some((offset) => offset >= 0);
  if (!uncommittedIsLag && !everCommitted) return [];
  return offsets
    .map(({ partition, high, low }) => {
      const at = byPartition.get(partition) ?? -1;
      const from = at >= 0 ? at : Number(low);
      return { group, topic, partition, lag: Math.max(0, Number(high) - from) };
    })
    .sort((a, b) => a.partition - b.partition);
}
