// The client goes through the runner's proxy (https_proxy, no_proxy) for the API it calls (`github-api-url`),
// not for GITHUB_API_URL. Loopback hosts always bypass a proxy, so the API here is a name that is never
// resolved: the proxy below is asked to tunnel to it (CONNECT), refuses, and the call fails; what the proxy
// was asked is the evidence. Without the proxy the call fails on the name alone.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGitHubClient } from '../../src/adapters/github/client.js';

const API = 'https://api.github.example';
const NAMES = ['GITHUB_API_URL', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY'];
const saved = Object.fromEntries(NAMES.map((name) => [name, process.env[name]]));
let proxy: Server;
let proxyUrl: string;
const asked: { target: string | undefined; auth: string | undefined }[] = [];

beforeAll(async () => {
  proxy = createServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req, socket) => {
    asked.push({ target: req.url, auth: req.headers['proxy-authorization'] });
    socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://robot:s3cret@127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterEach(() => {
  asked.length = 0;
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

afterAll(() => new Promise((resolve) => proxy.close(resolve)));

/** The runner's proxy settings, nothing else. */
function environment(settings: Record<string, string>): void {
  for (const name of NAMES) delete process.env[name];
  Object.assign(process.env, settings);
}

async function listVariables(): Promise<void> {
  const github = createGitHubClient({ token: 'not-a-token', baseUrl: API, retryBaseMs: 1 });
  await expect(
    github.request('GET /repos/{owner}/{repo}/actions/variables', { owner: 'o', repo: 'r' }),
  ).rejects.toThrow();
}

describe('the GitHub client behind a proxy', () => {
  it('asks the proxy in https_proxy (with its credentials) to tunnel to github-api-url', async () => {
    // GITHUB_API_URL unset means api.github.com, which no_proxy exempts: the decision is for the API called.
    environment({ https_proxy: proxyUrl, no_proxy: 'api.github.com' });
    await listVariables();
    expect(asked.length).toBeGreaterThan(0);
    expect(asked[0]).toEqual({
      target: 'api.github.example:443',
      auth: `Basic ${Buffer.from('robot:s3cret').toString('base64')}`,
    });
  });

  it('goes direct when no_proxy names the API host', async () => {
    environment({
      https_proxy: proxyUrl,
      no_proxy: 'github.example',
      GITHUB_API_URL: 'https://api.github.com',
    });
    await listVariables();
    expect(asked).toEqual([]);
  });
});
