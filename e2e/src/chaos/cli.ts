import { seedFrom } from './random';
import { formatReport, runChaos, startChaosPlatform, type Transport } from './run';
import { PROFILES, type Profile } from './schedule';

const USAGE =
  'npm run chaos -- [--seed S] [--transport stan|jetstream] [--long] [--profile db-outage|bounded|full|long]';

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
}

/** `npm run chaos`: the full fault schedule (or the one named) on each transport asked for; exit 1 on a violation. */
async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const seed = seedFrom(option(args, 'seed'));
  const transportArg = option(args, 'transport');
  if (transportArg !== undefined && transportArg !== 'stan' && transportArg !== 'jetstream')
    throw new Error(USAGE);
  const transports: Transport[] = transportArg ? [transportArg] : ['stan', 'jetstream'];
  const profileArg = option(args, 'profile') ?? (args.includes('--long') ? 'long' : 'full');
  if (!(PROFILES as readonly string[]).includes(profileArg)) throw new Error(USAGE);
  const profile = profileArg as Profile;
  const log = (line: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);

  let failed = false;
  for (const transport of transports) {
    const platform = await startChaosPlatform(transport);
    try {
      const report = await runChaos(platform, { seed, profile, transport, log });
      process.stdout.write(`${formatReport(report)}\n`);
      failed ||= report.violations.length > 0;
    } finally {
      await platform.stop();
    }
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(2);
  },
);
