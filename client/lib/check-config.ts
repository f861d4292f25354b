import 'server-only';
import { configProblems } from './config';

/**
 * A missing or malformed service URL stops the server at start with a clear message, instead of failing on
 * the first visit. Skipped while `next build` runs, when no service exists.
 */
export function exitOnBadConfig(): void {
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const problems = configProblems();
  if (problems.length > 0) {
    console.error(`client: invalid configuration:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
}
