import { createServer, request as forward, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  form: URLSearchParams;
}

export interface CannedAnswer {
  status: number;
  body: unknown;
}

/**
 * Sits between the Stripe SDK and stripe-mock: records each request as it went over the wire, forwards it,
 * and lets a test either answer in stripe-mock's place (what stripe-mock cannot produce, such as a declined
 * card) or rewrite its answer.
 */
export class RecordingProxy {
  readonly requests: RecordedRequest[] = [];
  answer: ((request: RecordedRequest) => CannedAnswer | undefined) | undefined;
  rewrite: ((body: Record<string, unknown>) => Record<string, unknown>) | undefined;
  private server: Server | undefined;

  constructor(private readonly target: URL) {}

  async start(): Promise<number> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const recorded = {
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          form: new URLSearchParams(raw.toString('utf8')),
        };
        this.requests.push(recorded);
        const canned = this.answer?.(recorded);
        if (canned) {
          res
            .writeHead(canned.status, { 'content-type': 'application/json' })
            .end(JSON.stringify(canned.body));
          return;
        }
        const upstream = forward(
          {
            host: this.target.hostname,
            port: this.target.port,
            method: req.method,
            path: req.url,
            headers: req.headers,
          },
          (answer) => {
            const parts: Buffer[] = [];
            answer.on('data', (part: Buffer) => parts.push(part));
            answer.on('end', () => {
              let body = Buffer.concat(parts).toString('utf8');
              if (this.rewrite)
                body = JSON.stringify(this.rewrite(JSON.parse(body) as Record<string, unknown>));
              res.writeHead(answer.statusCode ?? 502, { 'content-type': 'application/json' }).end(body);
            });
          },
        );
        upstream.on('error', () => res.writeHead(502).end());
        upstream.end(raw);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
