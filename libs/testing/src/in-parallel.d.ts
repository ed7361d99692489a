/** Runs the tasks with at most `limit` in flight, keeping each result in order. */
export declare function inParallel<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]>;
