// Group commit for hot write paths: callers each hand in one item and await its own result, while
// the items that arrive as earlier batches are in flight go to the database together, as one
// statement. Nothing waits for a timer: alone, an item goes at once (a batch of one); under load the
// queue fills while `maxInFlight` batches run, so batches grow exactly as far as the load needs.
// An item is answered only when its batch has committed; a batch that fails is retried item by
// item, so one bad item fails only its own caller.

interface Waiting<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (reason: unknown) => void;
}

export interface CoalesceOptions {
  /** The most items in one batch. */
  maxBatch: number;
  /** The most batches running at once (PostgreSQL uses a core for each). */
  maxInFlight: number;
}

/**
 * `run` receives a batch and answers each item, in order; `(item) => Promise<result>` is returned.
 * When `run` throws for a batch of several, each item is run again alone and answered by that.
 */
export function coalesce<I, O>(run: (items: I[]) => Promise<O[]>, options: CoalesceOptions): (item: I) => Promise<O> {
  const queue: Waiting<I, O>[] = [];
  let inFlight = 0;
  let scheduled = false;

  const settle = async (batch: Waiting<I, O>[]): Promise<void> => {
    try {
      const results = await run(batch.map((w) => w.item));
      if (results.length !== batch.length)
        throw new Error(`coalesce: ${results.length} results for ${batch.length} items`);
      batch.forEach((w, k) => w.resolve(results[k]));
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err);
      for (const w of batch) await settle([w]);
    }
  };

  const drain = (): void => {
    scheduled = false;
    while (inFlight < options.maxInFlight && queue.length > 0) {
      const batch = queue.splice(0, options.maxBatch);
      inFlight++;
      void settle(batch).finally(() => {
        inFlight--;
        drain();
      });
    }
  };

  return (item: I) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      // Items handed in during the same turn of the event loop leave together.
      if (!scheduled) {
        scheduled = true;
        queueMicrotask(drain);
      }
    });
}
