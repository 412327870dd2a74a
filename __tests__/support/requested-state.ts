// What a real `request` run of the bundle leaves in GitHub, made once per test file and planted into each
// test's fresh fake. Suites that test promote (or what follows a request) start from it instead of running
// request again in every test: a request run is the slowest step of an e2e test (key generation, upload),
// and request itself is tested end to end in request.test.ts. The run that makes the state passes every
// check runRotation makes (log scan, masks, leftovers).
import { expect } from '@jest/globals';
import type { FakeGitHub, Target } from './fake-github.js';
import { REPOSITORY_TARGET, runRotation, startTestBed } from './e2e.js';
import { copyStored, plantStored, type StoredCopy } from './stored-copy.js';

export interface RequestedState extends StoredCopy {
  /** The CSR the run published (its `csr` output). */
  csr: string;
}

/** Runs `request` through the bundle against a fake of its own and records what it stored. */
export async function recordRequest(inputs: Record<string, string> = {}): Promise<RequestedState> {
  const bed = await startTestBed();
  try {
    const run = await runRotation(bed, inputs);
    await run.cleanup();
    expect(run.outputs.state).toBe('requested');
    const { secrets, variables } = copyStored(bed.github, REPOSITORY_TARGET);
    // A request stores the pending key and the CSR; without them there is nothing to plant.
    expect(Object.keys(secrets).length).toBeGreaterThan(0);
    expect(Object.keys(variables).length).toBeGreaterThan(0);
    expect(run.outputs.csr).toBeDefined();
    return { csr: run.outputs.csr, secrets, variables };
  } finally {
    await bed.close();
  }
}

/** Stores `state` in `github` at `target` (the fake seals each secret with its own key, as GitHub would). */
export function plantRequest(
  github: FakeGitHub,
  state: RequestedState,
  target: Target = REPOSITORY_TARGET,
): void {
  plantStored(github, state, target);
}
