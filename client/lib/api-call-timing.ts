import type { Histogram } from 'prom-client';
import type { ApiCallLabel } from './metric-definitions';

/** What a call is labelled by: bounded values only (the API's route template, never its URL). */
export interface ApiCallTarget {
  upstream: string;
  method: string;
  route: string;
}

/** The status label of a call that got no answer: `timeout` when its deadline passed, else `error`. */
export function failureStatus(error: unknown): 'timeout' | 'error' {
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  return name === 'TimeoutError' ? 'timeout' : 'error';
}

/**
 * Times one call to a service, from the request to the end of its answer's body (what the page waits for), and
 * observes it under the status the service answered, or `timeout`/`error` when none came.
 */
export async function timeApiCall<R extends { status: number }>(
  histogram: Histogram<ApiCallLabel>,
  target: ApiCallTarget,
  call: () => Promise<R>,
): Promise<R> {
  const end = histogram.startTimer({ ...target });
  try {
    const result = await call();
    end({ status: String(result.status) });
    return result;
  } catch (error) {
    end({ status: failureStatus(error) });
    throw error;
  }
}
