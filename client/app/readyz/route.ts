import { configProblems } from '@/lib/config';

/**
 * Readiness: this server can render pages, i.e. it answers and knows where every service it calls is. The
 * services themselves are not asked: each page already copes with one being briefly down, and taking every
 * client pod out of rotation then would turn a partial outage into a full one. The problems are logged at
 * start (instrumentation.ts), never shown here, since `/` routes to the client publicly.
 */
export const dynamic = 'force-dynamic';

export function GET(): Response {
  const ready = configProblems().length === 0;
  return Response.json(
    { status: ready ? 'ok' : 'unavailable' },
    { status: ready ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
}
