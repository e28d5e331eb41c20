/**
 * Runs `work` over items with at most `limit` in flight, keeping the order of results. On a
 * failure it starts no new item, waits for those in flight, then throws the first error, so no
 * work is still running when it returns.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await allOrFirstError(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Waits for every promise, then throws the first failure: unlike Promise.all, nothing is still
 * writing when the caller reacts to the error (by giving back claims, say).
 */
export async function allOrFirstError(promises: readonly Promise<unknown>[]): Promise<void> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}
