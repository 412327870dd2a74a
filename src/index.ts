/**
 * The action's entry point: read the inputs, wire the GitHub-backed dependencies, run, report.
 * Every failure ends here in one `core.setFailed` line (no stack trace; details go to debug).
 */
import * as core from '@actions/core';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeError } from './errors.js';
import { OpenSsl } from './openssl.js';
import { ArtifactPublisher } from './publisher.js';
import { outputsFor, renderFailureSummary, renderSummary } from './report.js';
import { run } from './run.js';
import { readSettings, type Settings } from './settings.js';
import { verifyMtlsHandshake } from './tls-check.js';

async function main(): Promise<void> {
  const tempRoot = process.env.RUNNER_TEMP || tmpdir();
  let settings: Settings | undefined;
  let openssl: OpenSsl | undefined;
  try {
    settings = readSettings((name) => core.getInput(name), {
      inActions: true,
      workspace: process.env.GITHUB_WORKSPACE || process.cwd(),
      mask: (value) => core.setSecret(value),
    });
    const github = settings.github!;
    // Loaded once the inputs are read and checked: a bad input fails without loading Octokit or libsodium.
    const { connectGitHubStore } = await import('./github-store.js');
    const store = connectGitHubStore(github, {
      log: (message) => core.info(message),
      mask: (value) => core.setSecret(value),
    });
    openssl = new OpenSsl({ binary: settings.opensslPath, tempRoot });
    const result = await run(settings, {
      store,
      publisher: new ArtifactPublisher(runUrl()),
      openssl,
      log: {
        info: (message) => core.info(message),
        warning: (message) => core.warning(message),
        debug: (message) => core.debug(message),
        group: (name, fn) => core.group(name, fn),
      },
      mask: (value) => core.setSecret(value),
      now: () => new Date(),
      csrDir: path.join(tempRoot, 'mangopay-mtls-csr'),
      verifyTls: (url, key, certificate) => verifyMtlsHandshake(url, key, certificate),
    });
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

await main();
