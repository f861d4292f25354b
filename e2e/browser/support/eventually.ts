/**
 * Retries `check` until it stops throwing: the platform settles through events, so a state the browser
 * caused (a reserved or sold ticket) shows up after a short while, not at once.
 */
export async function eventually<T>(
  check: () => Promise<T>,
  timeoutMs = 20_000,
  intervalMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
