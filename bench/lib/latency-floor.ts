// The part of the latency floor that is not OpenSSL: bare Node making the round trips a request run cannot
// do without, one after the other, through a delay proxy like the action's:
//   read the stored state; store the pending secret; store the CSR variable; CreateArtifact; block upload;
//   block commit; FinalizeArtifact.
// Measured (spawn → exit of `node -e <script>`), not computed, so the proxy's own cost and Node's HTTP
// client are in it as they are in the action's runs.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timedSpawn } from './action.js';
import { startDelayProxy, type DelayProxy } from './delay-proxy.js';
import { roundTrips } from './round-trips.js';

export const FLOOR_ROUND_TRIPS = 7;

// Plain node:http with a keep-alive agent, one request after the other; exits 1 on any error or non-2xx.
const SCRIPT = `
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true });
let left = Number(process.argv[2]);
const next = () => {
  if (left-- === 0) { agent.destroy(); return; }
  http.get(process.argv[1], { agent }, (res) => {
    if (res.statusCode !== 200) process.exit(1);
    res.resume().on('end', next);
  }).on('error', () => process.exit(1));
};
next();
`;

export class LatencyFloor {
  private constructor(
    private readonly upstream: ReturnType<typeof createServer>,
    private readonly proxy: DelayProxy,
  ) {}

  static async start(delayMs: number): Promise<LatencyFloor> {
    const upstream = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '2' }).end('{}');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const port = (upstream.address() as AddressInfo).port;
    return new LatencyFloor(upstream, await startDelayProxy(`http://127.0.0.1:${port}`, delayMs));
  }

  /** One run of bare Node + the round trips; throws unless all of them went through, one after the other. */
  async run(node: string): Promise<number> {
    const before = this.proxy.calls.length;
    const run = await timedSpawn(node, ['-e', SCRIPT, `${this.proxy.url}/`, String(FLOOR_ROUND_TRIPS)], {
      env: { PATH: process.env.PATH ?? '' },
    });
    const calls = this.proxy.calls.slice(before);
    if (run.exitCode !== 0 || calls.length !== FLOOR_ROUND_TRIPS || roundTrips(calls) !== FLOOR_ROUND_TRIPS) {
      throw new Error(
        `latency floor: exit ${run.exitCode}, ${calls.length} calls, ${roundTrips(calls)} round trips`,
      );
    }
    return run.ms;
  }

  async dispose(): Promise<void> {
    await this.proxy.close();
    await new Promise<void>((resolve) => {
      this.upstream.close(() => resolve());
      this.upstream.closeAllConnections();
    });
  }
}
