// Runs once when the server starts. Node-only work is imported behind the runtime check, as Next.js asks.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { exitOnBadConfig } = await import('./lib/check-config');
    exitOnBadConfig();
  }
}
