/**
 * Runs task(0..count-1) with at most `concurrency` at a time, starting no new task after the deadline.
 * Resolves with the results of the tasks that ran, in index order (gaps for those never started).
 */
export async function runPool<T>(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<T>,
  deadline = Number.POSITIVE_INFINITY,
): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count && Date.now() < deadline) {
      const index = next;
      next += 1;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results.filter((result) => result !== undefined);
}
