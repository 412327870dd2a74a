// `npm run bench:overheads`: what one API call costs on this machine before and after the network, as the
// action makes it, against a loopback server that answers at once (issue 11: the part of a request run that
// no round trip explains). Interleaved rounds of sequential calls, medians per call:
//   - undici's fetch (what the action's Octokit sends through), the floor;
//   - Octokit from @actions/github without plugins, with that fetch;
//   - the action's client (src/adapters/github/client.ts): plugin-retry and plugin-throttling as configured.
// The difference between the last two is the plugins' scheduling (Bottleneck), paid on every call.
// Options: --rounds N (default 9), --calls N per round (default 20).
import { getOctokit } from '@actions/github';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetch as undiciFetch } from 'undici';
import { createGitHubClient } from '../src/adapters/github/client.js';
import { median } from './lib/stats.js';

type Call = (kind: 'GET' | 'POST') => Promise<unknown>;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at < 0 ? fallback : Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

const rounds = option('--rounds', 9);
const callsPerRound = option('--calls', 20);

const server = createServer((req, res) => {
  req.resume().on('end', () => {
    const body = req.method === 'GET' ? '{"total_count":0,"variables":[]}' : '';
    res.writeHead(req.method === 'GET' ? 200 : 201, { 'content-type': 'application/json' }).end(body);
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const route = { owner: 'octo-org', repo: 'payments' };
const variables = `${baseUrl}/repos/octo-org/payments/actions/variables`;

const octokitCall =
  (octokit: ReturnType<typeof getOctokit>): Call =>
  (kind) =>
    kind === 'GET'
      ? octokit.request('GET /repos/{owner}/{repo}/actions/variables', route)
      : octokit.request('POST /repos/{owner}/{repo}/actions/variables', { ...route, name: 'X', value: 'y' });

const clients: { name: string; call: Call }[] = [
  {
    name: "undici's fetch",
    call: async (kind) => {
      const init = kind === 'GET' ? {} : { method: 'POST', body: '{"name":"X","value":"y"}' };
      await (await undiciFetch(variables, init)).text();
    },
  },
  {
    name: 'Octokit, no plugins',
    call: octokitCall(getOctokit('token', { baseUrl, request: { fetch: undiciFetch } })),
  },
  { name: "the action's client", call: octokitCall(createGitHubClient({ token: 'token', baseUrl })) },
];

const perCall: Record<string, number[]> = {};
for (let round = -1; round < rounds; round++) {
  for (const client of clients) {
    for (const kind of ['GET', 'POST'] as const) {
      const start = performance.now();
      for (let i = 0; i < callsPerRound; i++) await client.call(kind);
      // Round -1 warms each client up (first calls compile their code paths); it is not recorded.
      if (round >= 0)
        (perCall[`${client.name} ${kind}`] ??= []).push((performance.now() - start) / callsPerRound);
    }
  }
}
server.close();

const cell = (name: string, kind: string) => median(perCall[`${name} ${kind}`] ?? []);
const floor = (kind: string) => cell(clients[0].name, kind);
console.log(`${rounds} interleaved rounds of ${callsPerRound} sequential calls each; median ms per call.\n`);
console.log('| client | GET | above fetch | POST | above fetch |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const { name } of clients) {
  const row = (['GET', 'POST'] as const).map((kind) => {
    const ms = cell(name, kind);
    return `${ms.toFixed(1)} ms | ${(ms - floor(kind)).toFixed(1)} ms`;
  });
  console.log(`| ${name} | ${row.join(' | ')} |`);
}
