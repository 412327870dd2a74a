/**
 * The action: learn what started the run, read the settings once (the secrets masked first), connect GitHub
 * once, run the protocol, report. Every failure ends here in one `core.setFailed` line (no stack trace;
 * details go to debug). `npx @github/local-action . src/main.ts .env` runs this `run()` locally.
 */
import * as core from '@actions/core';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rm } from 'node:fs/promises';
import { describeError } from './domain/errors.js';
import { EXPORT_STATE, PemFiles } from './adapters/local/credential-files.js';
import { ArtifactPublisher } from './adapters/github/artifact-publisher.js';
import { CsrFolder } from './adapters/local/csr-files.js';
import { OpenSsl } from './adapters/openssl/openssl.js';
import { verifyMtlsHandshake } from './adapters/tls/handshake.js';
import type { Deps, Logger } from './ports/deps.js';
import { exportCredential } from './protocol/modes/export.js';
import { rotate } from './protocol/rotate.js';
import type { IssueTracking } from './ports/issue-tracker.js';
import { credentialId } from './protocol/issue/tracking.js';
import { renderExportSummary } from './report/export.js';
import { outputsFor, renderFailureSummary, renderSummary } from './report/report.js';
import { readRunEvent } from './settings/event.js';
import { Inputs, type InputReader } from './settings/inputs.js';
import type { IssueSettings } from './settings/issue.js';
import type { ExportOfPairs } from './settings/export.js';
import { readActionSettings, type ActionSettings } from './settings/settings.js';

const log: Logger = {
  info: (message) => core.info(message),
  warning: (message) => core.warning(message),
  debug: (message) => core.debug(message),
  group: (name, fn) => core.group(name, fn),
};

export async function run(): Promise<void> {
  const tempRoot = process.env.RUNNER_TEMP || tmpdir();
  const mask = (value: string) => core.setSecret(value);
  const read: InputReader = (name) => core.getInput(name);
  let summary = true;
  let openssl: OpenSsl | undefined;
  try {
    summary = new Inputs(read).boolean('summary');
    const event = await readRunEvent(process.env);
    const action = readActionSettings(read, {
      kind: 'action',
      workspace: process.env.GITHUB_WORKSPACE || process.cwd(),
      workflowRepository: process.env.GITHUB_REPOSITORY,
      event,
      mask,
    });
    if (action.kind === 'export') return await exportForDeploy(action.settings, tempRoot);
    const { settings } = action;
    openssl = new OpenSsl({ binary: settings.opensslPath, tempRoot });
    const result = await rotate(settings, await wire(action, openssl, tempRoot));
    for (const [name, value] of Object.entries(outputsFor(result))) core.setOutput(name, value);
    if (settings.summary) await core.summary.addRaw(renderSummary(result, settings)).write();
  } catch (error) {
    const message = describeError(error);
    if (error instanceof Error && error.stack) core.debug(error.stack);
    core.setFailed(message);
    if (summary)
      await core.summary
        .addRaw(renderFailureSummary(message))
        .write()
        .catch(() => undefined);
  } finally {
    await openssl?.dispose();
  }
}

/**
 * export: no token, no GitHub, no OpenSSL. The folder is named to the post step (core.saveState) before the
 * key is written into it; a run that fails after writing removes it at once.
 */
async function exportForDeploy(settings: ExportOfPairs, tempRoot: string): Promise<void> {
  const mask = (value: string) => core.setSecret(value);
  let folder: string | undefined;
  try {
    const result = await exportCredential(settings, {
      files: new PemFiles({
        kind: 'new',
        under: tempRoot,
        announce: (made) => core.saveState(EXPORT_STATE, made),
      }),
      log,
      mask,
      now: () => new Date(),
    });
    folder = result.files.folder;
    for (const [name, value] of Object.entries(outputsFor(result))) core.setOutput(name, value);
    if (settings.summary) await core.summary.addRaw(renderExportSummary(result)).write();
  } catch (error) {
    if (folder !== undefined) await rm(folder, { recursive: true, force: true });
    throw error;
  }
}

/** The GitHub-backed dependencies: one connection for the store and the rotation issue. */
async function wire(
  action: Extract<ActionSettings, { kind: 'store' }>,
  openssl: OpenSsl,
  tempRoot: string,
): Promise<Deps> {
  const { settings, github, issue } = action;
  const mask = (value: string) => core.setSecret(value);
  // Loaded once the inputs are read and checked: a bad input fails without loading Octokit or libsodium.
  const { connectGitHub } = await import('./adapters/github/connect.js');
  const io = {
    log: (message: string) => core.info(message),
    warning: (message: string) => core.warning(message),
    mask,
  };
  const { store, issueTracker } = connectGitHub({ ...github, scope: settings.scope }, io);
  const issues: IssueTracking | undefined =
    issue === undefined
      ? undefined
      : {
          tracker: issueTracker(issue),
          settings: issue,
          credential: credentialId(settings, github),
          runUrl: runUrl() ?? 'this run',
          issuesUrl: issuesUrl(issue),
        };
  return {
    store,
    publisher: new ArtifactPublisher(runUrl()),
    openssl,
    log,
    mask,
    now: () => new Date(),
    csrFiles: new CsrFolder(path.join(tempRoot, 'mangopay-mtls-csr')),
    verifyTls: (url, key, certificate) => verifyMtlsHandshake(url, key, certificate),
    issues,
  };
}

function issuesUrl(issue: IssueSettings): string {
  const server = process.env.GITHUB_SERVER_URL || 'https://github.com';
  return `${server}/${issue.owner}/${issue.repo}/issues`;
}

function runUrl(): string | undefined {
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID } = process.env;
  if (!GITHUB_SERVER_URL || !GITHUB_REPOSITORY || !GITHUB_RUN_ID) return undefined;
  return `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`;
}
