interface Waiting<I, O> {
  input: I;
  resolve: (output: O) => void;
  reject: (reason: unknown) => void;
}

/**
 * Carries calls that arrive while one statement is on its way in the next statement, so that under
 * load one round trip answers many calls. At most one statement is in flight; a call made while
 * none is goes at once, so an idle service waits no longer than before (there is no timer). `run`
 * gets the waiting inputs in arrival order and answers one output per input, in the same order; if
 * it fails, every call it carried fails with its error.
 */
export class StatementBatcher<I, O> {
  private waiting: Waiting<I, O>[] = [];
  private running = false;

  constructor(
    private readonly run: (inputs: I[]) => Promise<O[]>,
    private readonly maxBatch = 500,
  ) {}

  submit(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, this.maxBatch);
        try {
          const outputs = await this.run(batch.map((w) => w.input));
          if (outputs.length !== batch.length) throw new Error(`a batched statement answered ${outputs.length} of ${batch.length} calls`);
          batch.forEach((w, i) => w.resolve(outputs[i]));
        } catch (err) {
          batch.forEach((w) => w.reject(err));
        }
      }
    } finally {
      this.running = false;
    }
  }
}
