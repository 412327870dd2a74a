// One way to run the bundled action end to end against the loopback fakes. Every run goes through
// `runRotation`, which always scans the whole log for key material and checks what was left on disk, so no
// e2e test can forget to.
import { expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runAction, type ActionRun, type RunActionOptions } from './action-runner.js';
import {
  startFakeArtifactService,
  type FakeArtifactService,
  type UploadedArtifact,
} from './fake-artifact-service.js';
import {
  FAKE_TOKEN,
  startFakeGitHub,
  type FakeGitHub,
  type AnyTarget,
  type FakeGitHubOptions,
  type Target,
} from './fake-github.js';
import { assertNoKeyLeak, keyForms } from './log-scan.js';
import { assertMaskedFirst, keyMaskForms, type MaskForm } from './mask-order.js';

export const REPOSITORY_TARGET: Target = { repository: 'octo-org/payments' };

export interface TestBed {
  github: FakeGitHub;
  /** Artifacts uploaded by every workflow run so far (each run gets its own artifact service, like GitHub). */
  artifacts: UploadedArtifact[];
  close(): Promise<void>;
}

export async function startTestBed(options?: FakeGitHubOptions): Promise<TestBed> {
  const github = await startFakeGitHub(options);
  return { github, artifacts: [], close: () => github.close() };
}

export interface RotationOptions extends Omit<RunActionOptions, 'inputs'> {
  /** Files the test itself put in the workspace (relative paths), allowed to remain. */
  workspaceFiles?: string[];
  /** Public files a failed run may leave (paths relative to the runner folders, e.g. the published CSR). */
  publicLeftovers?: string[];
  /** Private keys the test knows (e.g. passed as inputs): scanned for too. */
  knownKeys?: string[];
  /** Sealed boxes another run wrote while this one ran (concurrency tests): not this run's to mask. */
  othersBoxes?: () => string[];
  /**
   * Runs at the same time on one bed, each on its own credential: the stored secrets that are this run's (the
   * others' new secrets are not masked in this run's log). Default: every secret stored or changed meanwhile.
   */
  ownSecrets?: string[];
  /** Hook to inject faults into this run's artifact service. */
  artifactService?: (service: FakeArtifactService) => void;
  /** Starts the step (default: {@link runAction}, Linux; windows-runner.ts has one for the Wine kit). */
  launch?: (options: RunActionOptions) => Promise<ActionRun>;
}

/** Runs dist/index.js as the runner would, then checks the log and the runner folders. */
export async function runRotation(
  bed: TestBed,
  inputs: Record<string, string>,
  options: RotationOptions = {},
): Promise<ActionRun> {
  const artifactService = await startFakeArtifactService();
  options.artifactService?.(artifactService);
  const boxesBefore = new Set(sealedBoxes(bed.github));
  let run: ActionRun;
  try {
    run = await (options.launch ?? runAction)({
      apiUrl: bed.github.url,
      runtimeToken: artifactService.runtimeToken,
      resultsUrl: artifactService.env.ACTIONS_RESULTS_URL,
      ...options,
      inputs: { 'client-id': 'acme', 'github-token': FAKE_TOKEN, ...inputs },
    });
    bed.artifacts.push(...artifactService.artifacts());
  } finally {
    await artifactService.close();
  }
  try {
    checkRun(bed, run, options);
    checkMasks(
      bed,
      run,
      inputs,
      new Set([...boxesBefore, ...(options.othersBoxes?.() ?? [])]),
      options.ownSecrets,
    );
  } catch (error) {
    await run.cleanup();
    throw error;
  }
  return run;
}

/** The checks every e2e run must pass, whatever it tested. */
function checkRun(bed: TestBed, run: ActionRun, options: RotationOptions): void {
  // Every form of every key we know of, the sealed boxes as sent to GitHub, and the token. (Not every
  // ::add-mask:: value: @actions/artifact masks its upload signature and then prints it in debug lines.)
  const keys = [...(options.knownKeys ?? []), ...storedPrivateKeys(bed.github)];
  // A run that stored a key must have given the scanner a key to look for, or the scan proves nothing.
  if (run.outputs.state === 'requested' && run.outputs['dry-run'] === 'false') {
    expect(storedPrivateKeys(bed.github).length).toBeGreaterThan(0);
  }
  const secrets = [
    ...new Set([...keys.flatMap((key) => keyForms(key)), ...sealedBoxes(bed.github), FAKE_TOKEN]),
  ];
  assertNoKeyLeak(run.log, secrets);
  // No stack traces, and one ::error:: line at most.
  expect(run.log).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
  expect(run.errors.length).toBeLessThanOrEqual(1);

  // Nothing of the key on disk: only the public CSR file and the test's own workspace files may remain.
  const allowed = new Set([
    ...(options.workspaceFiles ?? []).map((file) => `workspace/${file}`),
    ...(options.publicLeftovers ?? []),
  ]);
  const csrPath = run.outputs['csr-path'] === undefined ? undefined : run.hostPath(run.outputs['csr-path']);
  for (const leftover of run.leftovers()) {
    const absolute = path.join(path.dirname(run.dirs.runnerTemp), leftover);
    if (csrPath !== undefined && path.resolve(absolute) === path.resolve(csrPath)) continue;
    if (allowed.has(leftover)) continue;
    throw new Error(`The action left ${leftover} behind`);
  }
  for (const leftover of run.leftovers()) {
    const content = readFileSync(path.join(path.dirname(run.dirs.runnerTemp), leftover), 'utf8');
    for (const form of secrets) {
      if (form.length >= 16 && content.includes(form)) throw new Error(`${leftover} holds key material`);
    }
  }
  expect(bed.github.openApiViolations).toEqual([]);
}

// Inputs that carry a private key into the action (action.yml).
const KEY_INPUTS = ['pending-private-key', 'current-private-key'];

/**
 * Every form of every key this run stored or received, and every sealed box it stored, must be masked before
 * any line holds it. Stored keys come from the fake (which opens the sealed box itself); received keys are the
 * key inputs as the test passed them.
 */
function checkMasks(
  bed: TestBed,
  run: ActionRun,
  inputs: Record<string, string>,
  boxesBefore: ReadonlySet<string>,
  ownSecrets: string[] | undefined,
): void {
  const forms: MaskForm[] = [];
  for (const secret of storedSecrets(bed.github)) {
    if (ownSecrets !== undefined && !ownSecrets.includes(secret.name)) continue;
    const box = bed.github.encryptedSecret(secret.target, secret.name) ?? '';
    if (box === '' || boxesBefore.has(box)) continue; // not written by this run
    forms.push({ name: `sealed box of ${secret.name}`, value: box });
    const pem = asPem(secret.plaintext ?? '');
    if (pem?.includes('PRIVATE KEY-----') === true) forms.push(...keyMaskForms(pem, `stored ${secret.name}`));
  }
  for (const name of KEY_INPUTS) {
    const pem = asPem(inputs[name] ?? '');
    if (pem?.includes('PRIVATE KEY-----') === true) forms.push(...keyMaskForms(pem, `input ${name}`));
  }
  // A run that says it rotated wrote a key, so the check below cannot be skipped for it.
  if (run.outputs.rotated === 'true' && run.outputs['dry-run'] === 'false') {
    expect(forms.some((form) => form.name.startsWith('stored '))).toBe(true);
  }
  // Runs that wrote no secret and got no key (check, not-due, refused inputs) have nothing to mask.
  if (forms.length > 0) assertMaskedFirst(run.log, forms);
}

/** Every stored secret of the fake, in any repository, environment or organization, with where it is. */
interface StoredSecret {
  target: AnyTarget;
  name: string;
  plaintext?: string;
}

function storedSecrets(github: FakeGitHub): StoredSecret[] {
  interface ScopeState {
    repository?: string;
    organization?: string;
    environment?: string;
    secrets: { name: string; plaintext?: string }[];
    environments?: ScopeState[];
  }
  return (JSON.parse(github.snapshot()) as ScopeState[]).flatMap((entry): StoredSecret[] => {
    const { organization, repository = '' } = entry;
    if (organization !== undefined) {
      return entry.secrets.map((secret) => ({ target: { organization }, ...secret }));
    }
    return [entry, ...(entry.environments ?? [])].flatMap((scope) =>
      scope.secrets.map((secret) => ({
        target: { repository, environment: scope.environment },
        ...secret,
      })),
    );
  });
}

/** Every secret whose plaintext is a private key (PEM or base64 of PEM). */
export function storedPrivateKeys(github: FakeGitHub): string[] {
  return storedSecrets(github)
    .map((secret) => asPem(secret.plaintext ?? ''))
    .filter((pem): pem is string => pem?.includes('PRIVATE KEY-----') === true);
}

/** The encrypted_value of every stored secret, as it was sent. */
function sealedBoxes(github: FakeGitHub): string[] {
  return storedSecrets(github)
    .map((secret) => github.encryptedSecret(secret.target, secret.name) ?? '')
    .filter((box) => box.length > 0);
}

/** PEM text of a stored value (PEM or base64 of PEM). */
export function asPem(value: string): string | undefined {
  if (value.includes('-----BEGIN')) return value;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  return decoded.includes('-----BEGIN') ? decoded : undefined;
}
