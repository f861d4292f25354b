/**
 * The gateway in a process of its own, as the Ingress controller is in a cluster: the gateway startPlatform
 * runs inside the benchmark's process would share its event loop with the load generator.
 * argv[2]: JSON {auth, tickets, orders, payments} ports. Prints {"port": n} once listening.
 */
import type { AddressInfo } from 'node:net';
import { ingressRoutes, startGateway } from '@ticketing/tools';

async function main(): Promise<void> {
  const ports = JSON.parse(process.argv[2] ?? '{}') as Record<string, number>;
  const server = await startGateway(0, ingressRoutes(ports));
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
