// Entry point of the services' `dev` image target (skaffold dev): the TypeScript compiler watches the
// sources skaffold syncs into the container, and `node --watch` restarts the service when its output
// changes. Production images never contain this file; they run `node <svc>/dist/index.js` directly.
// The service is the argument, else SERVICE (set by the shared Dockerfile from its build argument).
const { spawn } = require('node:child_process');
const path = require('node:path');

const service = process.argv[2] ?? process.env.SERVICE;
if (!service) {
  process.stderr.write('usage: node infra/docker/dev-watch.js <service> (or SERVICE=<service>)\n');
  process.exit(2);
}

const tsc = path.join('node_modules', 'typescript', 'bin', 'tsc');
const children = [
  spawn(process.execPath, [tsc, '-b', service, '--watch', '--preserveWatchOutput'], { stdio: 'inherit' }),
  spawn(process.execPath, ['--watch', '--enable-source-maps', `${service}/dist/index.js`], {
    stdio: 'inherit',
  }),
];

let stopping = false;
let exitCode = 0;
function stop(signal, code) {
  if (!stopping) {
    stopping = true;
    exitCode = code;
  }
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
}
process.on('SIGTERM', () => stop('SIGTERM', 0));
process.on('SIGINT', () => stop('SIGINT', 0));

// One watcher dying ends the container with its code, so Kubernetes restarts a broken dev loop.
for (const child of children) {
  child.on('exit', (code) => {
    stop('SIGTERM', code ?? 1);
    if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit(exitCode);
  });
}
