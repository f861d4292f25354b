// npm run simulate -- --runs N [--seed S] [--path P] [--minutes M] [--ignore 'text|text']: more schedules than
// npm test runs, or the replay of one failure (the seed and path its report printed); --ignore leaves out the
// violations containing a text (to look past a known defect while it is being fixed). Runs the simulation's jest suite alone, whose
// global setup starts the database stand-in.
const { spawnSync } = require('node:child_process');

const args = process.argv.slice(2);
const options = {};
for (let i = 0; i < args.length; i += 2) {
  const [flag, value] = [args[i], args[i + 1]];
  if (!['--runs', '--seed', '--path', '--minutes', '--ignore'].includes(flag) || value === undefined) {
    process.stderr.write(
      "usage: npm run simulate -- --runs N [--seed S] [--path P] [--minutes M] [--ignore 'text|text']\n",
    );
    process.exit(2);
  }
  options[flag.slice(2)] = value;
}
const env = {
  ...process.env,
  SIM_RUNS: options.runs ?? (options.path ? '1' : '1000'),
  SIM_SEED: options.seed ?? 'random',
  SIM_PATH: options.path ?? '',
  SIM_IGNORE: options.ignore ?? '',
  SIM_TIME_LIMIT_MS: String(Number(options.minutes ?? 60) * 60_000),
};
const jest = spawnSync('npx', ['--no-install', 'jest', '--ci', 'src/simulation.test.ts'], {
  cwd: __dirname,
  env,
  stdio: 'inherit',
});
process.exit(jest.status ?? 1);
