/**
 * Liveness (and the startup probe): the Next.js server is up and answering. Nothing else is checked, so a
 * backend outage never makes Kubernetes restart the client.
 */
export const dynamic = 'force-dynamic';

export function GET(): Response {
  return Response.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } });
}
