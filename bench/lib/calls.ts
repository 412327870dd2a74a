// API calls per mode, counted by the fakes while the bundled action runs through the test bed's runner
// (__tests__/support/action-runner.ts). One fake GitHub carries the state through a whole rotation:
//   request (first run) → request (pending) → promote (the CSR signed by the test CA) → request (not due)
//   → check
// so each mode meets the state it meets in real use.
import { runAction } from '../../__tests__/support/action-runner.js';
import { startFakeArtifactService } from '../../__tests__/support/fake-artifact-service.js';
import { FAKE_TOKEN, startFakeGitHub, type FakeGitHub } from '../../__tests__/support/fake-github.js';
import { createTestCa } from '../../__tests__/support/test-ca.js';

const REPO = { repository: 'octo-org/payments' };

/**
 * Repeats the product makes on purpose, with the reason (checked against src/protocol/modes/request.ts and
 * request-confirmation.ts by reading them; update this list when the protocol changes). They are still listed,
 * but do not fail goal 3.
 */
const DELIBERATE: { mode: RegExp; flag: RegExp; reason: string }[] = [
  {
    mode: /^request/,
    flag: /^PUT …\/secrets\/\{secret_name\}: the same request twice/,
    reason:
      'deliberate: the pending key is stored again after the CSR, then the CSR is read back, so two runs at ' +
      'once always leave a key and CSR that belong together; both calls run beside the artifact upload, so ' +
      'they add no round trip (src/protocol/modes/request-confirmation.ts)',
  },
  {
    mode: /^request/,
    flag: /^GET …\/variables\/\{name\}: reads back/,
    reason:
      'deliberate: checks that no concurrent run replaced the CSR; the upload beside it is deleted again ' +
      'when one did (src/protocol/modes/request-confirmation.ts)',
  },
];

export interface Flag {
  text: string;
  /** Set when the repeat is a known, deliberate one. */
  reason?: string;
}

export interface ModeCalls {
  mode: string;
  state: string;
  /** `METHOD route` → count, in first-call order. */
  github: [string, number][];
  /** Artifact service operations (Twirp methods, blob operations) → count. */
  artifact: [string, number][];
  /** Calls that look redundant: the same request twice, or a read of what this run just wrote. */
  flags: Flag[];
}

function countInOrder(keys: string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts];
}

const shortRoute = (route: string) => route.replace('/repos/{owner}/{repo}/actions', '…');

/** Exact repeats (same method and path), and reads of something this run wrote earlier. */
function redundancies(calls: { method: string; path: string; route: string }[]): string[] {
  const flags = new Set<string>();
  const seen = new Set<string>();
  const writes: { method: string; path: string }[] = [];
  for (const call of calls) {
    const key = `${call.method} ${call.path}`;
    if (seen.has(key)) flags.add(`${call.method} ${shortRoute(call.route)}: the same request twice`);
    seen.add(key);
    if (call.method === 'GET') {
      // PUT/PATCH/DELETE …/x, or POST …/collection creating …/collection/x
      const wrote = writes.some(
        (w) => w.path === call.path || (w.method === 'POST' && call.path.startsWith(`${w.path}/`)),
      );
      if (wrote) flags.add(`GET ${shortRoute(call.route)}: reads back what this run just wrote`);
    } else {
      writes.push(call);
    }
  }
  return [...flags];
}

async function runMode(
  github: FakeGitHub,
  mode: string,
  inputs: Record<string, string>,
): Promise<{ calls: ModeCalls; outputs: Record<string, string> }> {
  const artifacts = await startFakeArtifactService();
  const before = github.calls.length;
  try {
    const run = await runAction({
      apiUrl: github.url,
      runtimeToken: artifacts.runtimeToken,
      resultsUrl: artifacts.env.ACTIONS_RESULTS_URL,
      inputs: { 'client-id': 'acme', 'github-token': FAKE_TOKEN, ...inputs },
    });
    try {
      if (run.exitCode !== 0)
        throw new Error(`${mode} failed (exit ${run.exitCode}):\n${run.log.slice(-1500)}`);
      const calls = github.calls.slice(before);
      return {
        outputs: run.outputs,
        calls: {
          mode,
          state: run.outputs.state ?? '(none)',
          github: countInOrder(calls.map((c) => `${c.method} ${shortRoute(c.route)}`)),
          artifact: countInOrder(artifacts.calls.map((c) => `${c.method} ${c.route}`)),
          flags: redundancies(calls).map((text) => ({
            text,
            reason: DELIBERATE.find((d) => d.mode.test(mode) && d.flag.test(text))?.reason,
          })),
        },
      };
    } finally {
      await run.cleanup();
    }
  } finally {
    await artifacts.close();
  }
}

export async function callsPerMode(): Promise<ModeCalls[]> {
  const github = await startFakeGitHub();
  const ca = await createTestCa();
  try {
    const results: ModeCalls[] = [];
    const step = async (label: string, inputs: Record<string, string>, expected: string) => {
      const { calls, outputs } = await runMode(github, label, inputs);
      if (outputs.state !== expected)
        throw new Error(`${label}: expected state ${expected}, got ${outputs.state}`);
      results.push(calls);
      return outputs;
    };
    const first = await step('request (first run)', {}, 'requested');
    await step('request (pending)', {}, 'pending');
    const certificate = await ca.signCsr(first.csr, { days: 365 });
    const pendingKey = github.secret(REPO, 'MANGOPAY_MTLS_KEY_PENDING');
    if (pendingKey === undefined) throw new Error('no pending key in the fake after request');
    await step('promote', { mode: 'promote', certificate, 'pending-private-key': pendingKey }, 'promoted');
    await step('request (not due)', {}, 'not-due');
    await step('check', { mode: 'check' }, 'checked');
    if (github.openApiViolations.length > 0) throw new Error(github.openApiViolations.join('\n'));
    return results;
  } finally {
    await ca.dispose();
    await github.close();
  }
}
