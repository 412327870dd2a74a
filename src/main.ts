/**
 * The action: read the inputs, wire the GitHub-backed dependencies, run the protocol, report.
 * Every failure ends here in one `core.setFailed` line (no stack trace; details go to debug).
 * `npx @github/local-action . src/main.ts .env` runs this `run()` locally.
 */
import * as core from '@actions/core';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Deps } from './deps.js';
import { describeError } from './errors.js';
import { readGitHubSettings } from './github-settings.js';
import { Inputs } from './inputs.js';
import { OpenSsl } from './openssl.js';
import { rotate } from './protocol.js';
import { ArtifactPublisher } from './publisher.js';
import { outputsFor, renderFailureSummary, renderSummary } from './report.js';
import { maskSecretInputs, readSettings, type Settings } from './settings.js';
import { verifyMtlsHandshake } from './tls-check.js';

export async function run(): Promise<void> {
  const tempRoot = process.env.RUNNER_TEMP || tmpdir();
  const mask = (value: string) => core.setSecret(value);
  let settings: Settings | undefined;
  let openssl: OpenSsl | undefined;
  try {
    const read = (name: string) => core.getInput(name);
    maskSecretInputs(read, mask);
    const github = readGitHubSettings(new Inputs(read));
    settings = readSettings(read, {
      inActions: true,
      workspace: process.env.GITHUB_WORKSPACE || process.cwd(),
      mask,
      workflowRepository: process.env.GITHUB_REPOSITORY,
    });
    // Loaded once the inputs are read and checked: a bad input fails without loading Octokit or libsodium.
    const { connectGitHubStore } = await import('./github-store.js');
    const environment = settings.scope.kind === 'environment' ? settings.scope.environment : undefined;
    const store = connectGitHubStore(
      { ...github, environment },
      { log: (message) => core.info(message), mask },
    );
    openssl = new OpenSsl({ binary: settings.opensslPath, tempRoot });
    const deps: Deps = {
      store,
      publisher: new ArtifactPublisher(runUrl()),
      openssl,
      log: {
        info: (message) => core.info(message),
        warning: (message) => core.warning(message),
        debug: (message) => core.debug(message),
        group: (name, fn) => core.group(name, fn),
      },
      mask,
      now: () => new Date(),
      csrDir: path.join(tempRoot, 'mangopay-mtls-csr'),
      verifyTls: (url, key, certificate) => verifyMtlsHandshake(url, key, certificate),
    };
    const result = await rotate(settings, deps);
    for (const [name, value] of Object.entries(outputsFor(result))) core.setOutput(name, value);
    if (settings.summary) await core.summary.addRaw(renderSummary(result, settings)).write();
  } catch (error) {
    const message = describeError(error);
    if (error instanceof Error && error.stack) core.debug(error.stack);
    core.setFailed(message);
    if (settings?.summary !== false)
      await core.summary
        .addRaw(renderFailureSummary(message))
        .write()
        .catch(() => undefined);
  } finally {
    await openssl?.dispose();
  }
}

function runUrl(): string | undefined {
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID } = process.env;
  if (!GITHUB_SERVER_URL || !GITHUB_REPOSITORY || !GITHUB_RUN_ID) return undefined;
  return `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`;
}
