// One timed rotation of the bundled action, every mode in the state it meets in real use:
//   request → requested, request → pending, promote (the CSR signed by the test CA), request → not-due, check
// against fresh fakes, either answering straight away (loopback) or each behind a delay proxy (latency).
// Each run is checked (exit 0, the expected state, the CSR artifact after a new key), so a fast wrong run
// cannot count.
import { startFakeArtifactService } from '../../__tests__/support/fake-artifact-service.js';
import { FAKE_TOKEN, startFakeGitHub } from '../../__tests__/support/fake-github.js';
import type { TestCa } from '../../__tests__/support/test-ca.js';
import { runActionTimed } from './action.js';
import { startDelayProxy, type ProxiedCall } from './delay-proxy.js';

export const MODES = [
  { label: 'request → requested', inputs: {}, state: 'requested' },
  { label: 'request → pending', inputs: {}, state: 'pending' },
  { label: 'promote', inputs: { mode: 'promote' }, state: 'promoted' },
  { label: 'request → not-due', inputs: {}, state: 'not-due' },
  { label: 'check', inputs: { mode: 'check' }, state: 'checked' },
] as const;

const REPO = { repository: 'octo-org/payments' };

export interface ModeRun {
  mode: string;
  ms: number;
  /** `METHOD route` in the order the fakes answered (GitHub's OpenAPI template, artifact operation). */
  calls: string[];
  /** With a delay: what the proxies logged, labelled with the fakes' routes. */
  timed?: (ProxiedCall & { label: string })[];
}

/** `delayMs` undefined: no proxies (loopback). */
export async function timedCycle(
  node: string,
  entry: string | undefined,
  ca: TestCa,
  delayMs?: number,
): Promise<ModeRun[]> {
  const github = await startFakeGitHub();
  const githubProxy = delayMs === undefined ? undefined : await startDelayProxy(github.url, delayMs);
  const results: ModeRun[] = [];
  let csr = '';
  try {
    for (const mode of MODES) {
      const inputs: Record<string, string> = { ...mode.inputs };
      if (mode.state === 'promoted') {
        const pendingKey = github.secret(REPO, 'MANGOPAY_MTLS_KEY_PENDING');
        if (pendingKey === undefined) throw new Error('no pending key in the fake before promote');
        inputs.certificate = await ca.signCsr(csr, { days: 365 });
        inputs['pending-private-key'] = pendingKey;
      }
      const artifacts = await startFakeArtifactService();
      const artifactProxy = delayMs === undefined ? undefined : await startDelayProxy(artifacts.url, delayMs);
      const githubBefore = github.calls.length;
      const githubProxyBefore = githubProxy?.calls.length ?? 0;
      try {
        const run = await runActionTimed({
          node,
          entry,
          inputs: { 'client-id': 'acme', 'github-token': FAKE_TOKEN, ...inputs },
          apiUrl: githubProxy?.url ?? github.url,
          runtimeToken: artifacts.runtimeToken,
          resultsUrl: artifactProxy ? `${artifactProxy.url}/` : artifacts.env.ACTIONS_RESULTS_URL,
        });
        if (
          run.exitCode !== 0 ||
          run.outputs.state !== mode.state ||
          (mode.state === 'requested' && artifacts.artifacts().length !== 1)
        ) {
          throw new Error(
            `${mode.label}: exit ${run.exitCode}, state ${run.outputs.state}, ` +
              `${artifacts.artifacts().length} artifacts; log tail:\n${run.log.slice(-1500)}`,
          );
        }
        if (mode.state === 'requested') csr = run.outputs.csr ?? '';
        const githubCalls = github.calls
          .slice(githubBefore)
          .map((c) => ({ ...c, label: `${c.method} ${shortRoute(c.route)}` }));
        const artifactCalls = artifacts.calls.map((c) => ({ ...c, label: `${c.method} ${c.route}` }));
        const timed =
          githubProxy && artifactProxy
            ? [
                ...label(githubProxy.calls.slice(githubProxyBefore), githubCalls),
                ...label(artifactProxy.calls, artifactCalls),
              ].sort((a, b) => a.start - b.start)
            : undefined;
        results.push({
          mode: mode.label,
          ms: run.ms,
          calls: [...githubCalls, ...artifactCalls].map((c) => c.label),
          ...(timed ? { timed } : {}),
        });
      } finally {
        await artifactProxy?.close();
        await artifacts.close();
      }
    }
    if (github.openApiViolations.length > 0) throw new Error(github.openApiViolations.join('\n'));
    return results;
  } finally {
    await githubProxy?.close();
    await github.close();
  }
}

export const shortRoute = (route: string) => route.replace('/repos/{owner}/{repo}/actions', '…');

/**
 * Names each proxied call after the fake's log entry for the same method and path (the n-th proxied
 * `PUT /x` is the fake's n-th `PUT /x`); every call must pass through both, or the numbers would lie.
 */
function label(
  proxied: ProxiedCall[],
  fake: { method: string; path: string; label: string }[],
): (ProxiedCall & { label: string })[] {
  const unused = [...fake];
  const out = proxied.map((call) => {
    const index = unused.findIndex((f) => f.method === call.method && f.path === call.path);
    if (index < 0) throw new Error(`the proxy saw ${call.method} ${call.path}, the fake did not`);
    const [match] = unused.splice(index, 1);
    return { ...call, label: match.label };
  });
  if (unused.length > 0) {
    throw new Error(`calls that bypassed the delay proxy: ${unused.map((f) => f.label).join(', ')}`);
  }
  return out;
}
