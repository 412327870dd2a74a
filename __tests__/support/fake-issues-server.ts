// A tiny loopback server (127.0.0.1 only) for the issues fake alone: one token, the issue routes, 404 else.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleIssuesRoute, newIssuesState, type Answer, type IssuesState } from './fake-issues.js';

export interface FakeIssuesServer {
  url: string;
  state: IssuesState;
  token: string;
  close(): Promise<void>;
}

/** A loopback server (127.0.0.1 only) answering the issue routes for `token`; anything else is a 404. */
export async function startFakeIssues(overrides: Partial<IssuesState> = {}): Promise<FakeIssuesServer> {
  const token = 'fake-issues-token-0001';
  const state = newIssuesState(overrides);
  const server = createServer((req, res) => void serve(req, res, state, token));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.apiUrl = `http://127.0.0.1:${port}`;
  return {
    url: state.apiUrl,
    state,
    token,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // Octokit's fetch keeps connections alive
      }),
  };
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  state: IssuesState,
  token: string,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  const send = ({ status, body, headers }: Answer) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };
  if (req.headers.authorization !== `token ${token}` && req.headers.authorization !== `Bearer ${token}`)
    return send({
      status: 401,
      body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' },
    });
  let body: unknown;
  try {
    body = raw === '' ? undefined : JSON.parse(raw);
  } catch {
    return send({
      status: 400,
      body: {
        message: 'Problems parsing JSON',
        documentation_url: 'https://docs.github.com/rest',
        status: '400',
      },
    });
  }
  let answer;
  try {
    answer = handleIssuesRoute(req.method ?? 'GET', req.url ?? '/', body, state);
  } catch (error) {
    // A bug of the fake must fail the test, not look like a dropped connection the client retries.
    state.openApiViolations.push(`${req.method} ${req.url}: the fake threw ${String(error)}`);
    answer = {
      status: 500,
      body: { message: 'fake error', documentation_url: 'https://docs.github.com/rest' },
    };
  }
  if (answer === undefined) state.openApiViolations.push(`${req.method} ${req.url}: not an issue route`);
  send(
    answer ?? {
      status: 404,
      body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' },
    },
  );
}
