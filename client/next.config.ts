import path from 'node:path';
import type { NextConfig } from 'next';

// npm workspaces hoist node_modules to the repository root, so tracing and Turbopack must start there;
// the standalone server then lands at .next/standalone/client/server.js.
const workspaceRoot = path.join(__dirname, '..');

const nextConfig: NextConfig = {
  output: 'standalone',
  outputFileTracingRoot: workspaceRoot,
  turbopack: { root: workspaceRoot },
  poweredByHeader: false,
  // Loaded from node_modules, not bundled: one prom-client for instrumentation and the app alike, and the one
  // @opentelemetry/api that Next.js itself requires, so that its spans reach the tracer instrumentation.ts sets.
  serverExternalPackages: [
    'prom-client',
    '@opentelemetry/api',
    '@opentelemetry/sdk-trace',
    '@opentelemetry/context-async-hooks',
  ],
  reactStrictMode: true,
};

export default nextConfig;
