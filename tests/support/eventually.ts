/**
 * Await a condition that another process makes true (an event crossing Kafka, a job firing):
 * re-check until it holds or the deadline passes, then fail with the last observed value.
 */
export async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30000);
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (accept(last)) return last;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 100));
  }
  throw new Error(
    `Timed out after ${opts.timeoutMs ?? 30000} ms waiting for ${opts.what ?? 'a condition'}; last value: ${JSON.stringify(last)?.slice(0, 2000)}` +
      (lastError ? `; last error: ${(lastError as Error).message}` : ''),
  );
}
