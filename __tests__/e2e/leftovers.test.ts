// Nothing of the key on disk after the step: on success, on every failure path, and what a hard kill can leave.
// runRotation already fails a run that leaves any file but csr-path, or any file holding key material; these
// tests name the paths and say exactly what remains.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ActionRun } from '../support/action-runner.js';
import {
  asPem,
  REPOSITORY_TARGET as repo,
  runRotation,
  startTestBed,
  type RotationOptions,
  type TestBed,
} from '../support/e2e.js';
import type { HeldRequest, HoldMatch } from '../support/fake-holds.js';
import {
  issuedCredential,
  PENDING,
  CSR,
  PUBLIC_KEY,
  VARIABLE,
  VARIABLES,
  SECRET,
} from '../support/fixtures.js';
import { keyForms } from '../support/log-scan.js';
import { plantRequest, recordRequest, type RequestedState } from '../support/requested-state.js';
import { tempDir } from '../support/temp.js';
import { createTestCa, type TestCa } from '../support/test-ca.js';

let ca: TestCa;
let bed: TestBed;
const runs: ActionRun[] = [];

/** What one real request run stored: the promote tests start from it (request's leftovers are tested below). */
let requested: RequestedState;

beforeAll(async () => {
  [ca, requested] = await Promise.all([createTestCa(), recordRequest()]);
});
afterAll(() => ca.dispose());
afterEach(async () => {
  await bed?.close();
  await Promise.all(runs.splice(0).map((run) => run.cleanup()));
});

async function rotate(inputs: Record<string, string>, options: RotationOptions = {}): Promise<ActionRun> {
  const run = await runRotation(bed, inputs, options);
  runs.push(run);
  return run;
}

/** Every file under `folder`, relative to it. */
function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** The action's own leftovers in the runner folders (the runner's file-command files are not listed). */
function leftovers(run: ActionRun): string[] {
  return run.leftovers().filter((file) => !file.startsWith('runnerTemp/_'));
}

function expectNoKeyMaterial(files: string[], keys: string[] = []): void {
  const forms = keys.flatMap((key) => keyForms(key)).filter((form) => form.length >= 16);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('PRIVATE KEY');
    expect(text).not.toContain('LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t'); // base64 of "-----BEGIN PRIVATE KEY-----"
    for (const form of forms) expect(text.includes(form)).toBe(false);
  }
}

describe('after a successful step', () => {
  it('request: only the public CSR file (csr-path) remains; RUNNER_TEMP, TMPDIR, HOME hold nothing of the key', async () => {
    bed = await startTestBed();
    const run = await rotate({});
    expect(run.exitCode).toBe(0);
    const csrFile = path.relative(path.dirname(run.dirs.runnerTemp), run.outputs['csr-path']);
    expect(leftovers(run)).toEqual([csrFile]);
    expect(csrFile).toBe('runnerTemp/mangopay-mtls-csr/mangopay-mtls-csr-sandbox/acme-sandbox.csr');
    expect(filesUnder(run.dirs.tmp)).toEqual([]);
    expect(filesUnder(run.dirs.home)).toEqual([]);
    expect(filesUnder(run.dirs.workspace)).toEqual([]);
    expect(readFileSync(run.outputs['csr-path'], 'utf8')).toBe(run.outputs.csr);
    expectNoKeyMaterial([run.outputs['csr-path']], [asPem(bed.github.secret(repo, PENDING)!)!]);
  });

  it('promote: nothing remains at all', async () => {
    bed = await startTestBed();
    plantRequest(bed.github, requested);
    const pending = bed.github.secret(repo, PENDING)!;
    const certificate = await ca.signCsr(requested.csr, { days: 365 });
    const run = await rotate({ mode: 'promote', certificate, 'pending-private-key': pending });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.state).toBe('promoted');
    expect(leftovers(run)).toEqual([]);
  });
});

describe('after a failed step', () => {
  it('request, key made, then 422 on storing it: nothing on disk, nothing stored', async () => {
    bed = await startTestBed();
    bed.github.injectFault({ method: 'PUT', route: SECRET, kind: 'status', status: 422 });
    const before = bed.github.snapshot();
    const run = await rotate({});
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(
      /Could not write secret MANGOPAY_MTLS_KEY_PENDING.*\(422\).*Nothing was written\./,
    );
    expect(run.log).toContain('Made a rsa-2048 key'); // the failure came after key generation
    expect(leftovers(run)).toEqual([]);
    expect(bed.github.snapshot()).toBe(before);
  });

  it('request, key stored, then the CSR variable cannot be written: the pending key is deleted again, nothing on disk', async () => {
    bed = await startTestBed();
    bed.github.injectFault({ method: 'POST', route: VARIABLES, kind: 'status', status: 422 });
    const before = bed.github.snapshot();
    const run = await rotate({});
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toContain(
      `The pending key secret ${PENDING} was removed again; nothing of this run is stored.`,
    );
    expect(bed.github.callCount('PUT', SECRET)).toBe(1);
    expect(bed.github.callCount('DELETE', SECRET)).toBe(1);
    expect(bed.github.secretNames(repo)).toEqual([]);
    expect(bed.github.snapshot()).toBe(before);
    expect(leftovers(run)).toEqual([]);
  });

  it('request, key and CSR stored, then the artifact upload fails: the CSR file is removed too', async () => {
    bed = await startTestBed();
    const run = await rotate(
      {},
      {
        artifactService: (service) =>
          service.injectFault({ route: 'CreateArtifact', kind: 'status', status: 400 }),
      },
    );
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(/Could not publish the CSR artifact/);
    expect(bed.github.variable(repo, CSR)).toBeDefined();
    expect(run.outputs['csr-path']).toBeUndefined();
    expect(leftovers(run)).toEqual([]);
  });

  it('promote refused (a certificate for another key): nothing on disk, nothing written', async () => {
    bed = await startTestBed();
    plantRequest(bed.github, requested);
    const pending = bed.github.secret(repo, PENDING)!;
    const other = await issuedCredential(ca, { daysLeft: 300 });
    const before = bed.github.snapshot();
    const run = await rotate({ mode: 'promote', certificate: other.certPem, 'pending-private-key': pending });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(/was not issued for the pending key/);
    expect(bed.github.snapshot()).toBe(before);
    expect(leftovers(run)).toEqual([]);
  });
});

describe('a hard kill (SIGKILL) while the run waits on a held request', () => {
  // The action gets a RUNNER_TEMP of the test's own, outside the runner folders, so what a kill leaves can be
  // inspected here (runRotation refuses any leftover in the runner folders, and a killed step cannot clean up).
  // Each kill point is a request the fake holds: the run is killed as soon as that request arrives, so it is
  // exactly there; the held request is never answered.
  type KillPoint = { github: HoldMatch } | { artifact: HoldMatch };
  async function killedAt(point: KillPoint) {
    const runnerTemp = await tempDir('killed-runner-temp-');
    let arrive: (request: HeldRequest) => void = () => undefined;
    const arrived = new Promise<HeldRequest>((resolve) => (arrive = resolve));
    if ('github' in point) void bed.github.hold(point.github).arrived.then(arrive);
    const run = await rotate(
      {},
      {
        env: { RUNNER_TEMP: runnerTemp },
        killOn: arrived,
        artifactService: (service) => {
          if ('artifact' in point) void service.hold(point.artifact).arrived.then(arrive);
        },
      },
    );
    expect(run.signal).toBe('SIGKILL');
    expect(leftovers(run)).toEqual([]); // nothing in the runner's folders, TMPDIR and HOME included
    const files = filesUnder(runnerTemp);
    const stored = bed.github.secret(repo, PENDING);
    expectNoKeyMaterial(
      files.map((file) => path.join(runnerTemp, file)),
      stored === undefined ? [] : [asPem(stored) ?? stored],
    );
    return { run, runnerTemp, files };
  }

  it('during key generation (its public-key fetch held): at most the OpenSSL request config remains, nothing stored', async () => {
    bed = await startTestBed();
    const { run, runnerTemp, files } = await killedAt({ github: { method: 'GET', route: PUBLIC_KEY } });
    expect(run.log).toContain('::group::Generate key and CSR with OpenSSL');
    expect(run.log).not.toContain('Made a rsa-2048 key');
    // Whether OpenSSL had written its config yet, or already finished and removed it, is not controlled here;
    // what is asserted holds either way: nothing but that public config file.
    expect(files.filter((file) => !/^mtls-openssl-[^/]+\/[^/]+\.cnf$/.test(file))).toEqual([]);
    const configs = files.map((file) => readFileSync(path.join(runnerTemp, file), 'utf8'));
    // The request config names the subject (dots escaped for OpenSSL's config syntax), and nothing else.
    expect(configs.filter((text) => !text.includes('0.CN = acme\\.sandbox\\.mangopay\\.com\n'))).toEqual([]);
    expect(bed.github.secretNames(repo)).toEqual([]);
  });

  it('storing the pending key (the key exists only in memory): no file remains, nothing stored', async () => {
    bed = await startTestBed();
    const { run, files } = await killedAt({ github: { method: 'PUT', route: SECRET } });
    expect(run.log).toContain('Made a rsa-2048 key');
    expect(files).toEqual([]);
    expect(bed.github.secretNames(repo)).toEqual([]);
  });

  it('storing the CSR after the key: no file remains; the key is stored, the CSR is not', async () => {
    bed = await startTestBed();
    const { files } = await killedAt({ github: { method: 'POST', route: VARIABLES } });
    expect(files).toEqual([]);
    expect(bed.github.secretNames(repo)).toEqual([PENDING]);
    expect(bed.github.variable(repo, CSR)).toBeUndefined();
  });

  it('reading the CSR back (beside the upload): only the public CSR file remains; key and CSR are stored', async () => {
    bed = await startTestBed();
    const { files } = await killedAt({ github: { method: 'GET', route: VARIABLE } });
    // The upload reads the CSR file while the confirmation runs, so the public file is there; no key is.
    expect(files).toEqual(['mangopay-mtls-csr/mangopay-mtls-csr-sandbox/acme-sandbox.csr']);
    expect(bed.github.callCount('PUT', SECRET)).toBe(2);
    expect(bed.github.variable(repo, CSR)).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----/);
  });

  it('publishing the CSR (CreateArtifact held): only the public CSR file remains', async () => {
    bed = await startTestBed();
    const { runnerTemp, files } = await killedAt({
      artifact: { method: 'POST', route: 'CreateArtifact' },
    });
    expect(files).toEqual(['mangopay-mtls-csr/mangopay-mtls-csr-sandbox/acme-sandbox.csr']);
    expect(readFileSync(path.join(runnerTemp, files[0]), 'utf8')).toBe(bed.github.variable(repo, CSR));
  });
});
