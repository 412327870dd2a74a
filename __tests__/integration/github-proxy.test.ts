// The client goes through the runner's proxy (https_proxy) like any @actions/github client: its fetch is
// @actions/github's own, which reads the proxy settings for GITHUB_API_URL when the module loads. Loopback
// hosts always bypass a proxy, so the API here is a name that is never resolved: the proxy below is asked to
// tunnel to it (CONNECT), refuses, and the call fails; what the proxy was asked is the evidence.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const API = 'https://api.github.example';
const saved = { GITHUB_API_URL: process.env.GITHUB_API_URL, https_proxy: process.env.https_proxy };
let proxy: Server;
const asked: { target: string | undefined; auth: string | undefined }[] = [];

beforeAll(async () => {
  proxy = createServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req, socket) => {
    asked.push({ target: req.url, auth: req.headers['proxy-authorization'] });
    socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  process.env.GITHUB_API_URL = API;
  process.env.https_proxy = `http://robot:s3cret@127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await new Promise((resolve) => proxy.close(resolve));
});

describe('the GitHub client behind a proxy', () => {
  it('asks the proxy in https_proxy (with its credentials) to tunnel to the API host', async () => {
    // Imported only now: @actions/github reads the proxy settings when it loads.
    const { createGitHubClient } = await import('../../src/github.js');
    const github = createGitHubClient({ token: 'not-a-token', baseUrl: API, retryBaseMs: 1 });
    await expect(
      github.request('GET /repos/{owner}/{repo}/actions/variables', { owner: 'o', repo: 'r' }),
    ).rejects.toThrow();
    expect(asked.length).toBeGreaterThan(0);
    expect(asked[0]).toEqual({
      target: 'api.github.example:443',
      auth: `Basic ${Buffer.from('robot:s3cret').toString('base64')}`,
    });
  });
});
