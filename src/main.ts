/**
 * The action: read the inputs, wire the GitHub-backed dependencies, run the protocol, report.
 * Every failure ends here in one `core.setFailed` line (no stack trace; details go to debug).
 * `npx @github/local-action . src/main.ts .env` runs this `run()` locally.
 */
import * as core from '@actions/core';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeError, InputError } from './domain/errors.js';
import { readGitHubSettings } from './settings/github.js';
import type { IssueSettings } from './settings/issue.js';
import { Inputs, type InputName, type InputReader } from './settings/inputs.js';
import { OpenSsl } from './adapters/openssl/openssl.js';
import { rotate } from './protocol/rotate.js';
import { ArtifactPublisher } from './ports/publisher.js';
import { outputsFor, renderFailureSummary, renderIgnoredSummary, renderSummary } from './report/report.js';
import { maskSecretInputs, readSettings, type ReadContext } from './settings/settings.js';
import { verifyMtlsHandshake } from './adapters/tls/handshake.js';
import { certificateFromEvent } from './protocol/issue/comment.js';
import { commentEventPayload } from './settings/event.js';
import { credentialId, type IssueTracking } from './protocol/issue/tracking.js';

export async function run(): Promise<void> {
  const tempRoot = process.env.RUNNER_TEMP || tmpdir();
  const mask = (value: string) => core.setSecret(value);
  let summary = true;
  let openssl: OpenSsl | undefined;
  try {
    let read: InputReader = (name) => core.getInput(name);
    maskSecretInputs(read, mask);
    summary = new Inputs(read).boolean('summary');
    const github = readGitHubSettings(new Inputs(read));
    const context: ReadContext = {
      inActions: true,
      workspace: process.env.GITHUB_WORKSPACE || process.cwd(),
      mask,
      workflowRepository: process.env.GITHUB_REPOSITORY,
    };
    // Loaded once the inputs are read and checked: a bad input fails without loading Octokit or libsodium.
    const { connectGitHub } = await import('./adapters/github/store.js');
    const io = {
      log: (message: string) => core.info(message),
      warning: (message: string) => core.warning(message),
      mask,
    };
    let commentIssue: IssueTracking['commentIssue'];
    // The comment path makes the tracker first; the run then uses the same one (one client for issue-token).
    let tracker: IssueTracking['tracker'] | undefined;
    const payload = await commentEventPayload(read, process.env);
    if (payload !== undefined) {
      // The certificate comes from the comment: read the rest of the settings first, to know the credential.
      const base = readSettings(withInput(read, 'mode', 'check'), context);
      if (base.issue === undefined)
        throw new InputError('issue', 'must be true to promote from an issue comment (or give certificate)');
      tracker = connectGitHub(github, io).issueTracker(base.issue);
      const trigger = await certificateFromEvent(
        {
          tracker,
          settings: base.issue,
          credential: credentialId(base, github),
          runUrl: runUrl() ?? 'this run',
          issuesUrl: issuesUrl(base.issue),
          mask,
        },
        payload,
      );
      if (trigger.kind === 'ignored') {
        core.info(`Ignored this comment: ${trigger.reason}.`);
        core.setOutput('state', 'ignored');
        if (summary) await core.summary.addRaw(renderIgnoredSummary(trigger.reason)).write();
        return;
      }
      for (const note of trigger.notes) core.info(note);
      core.info(`Promoting the certificate ${trigger.login} posted on issue #${trigger.issue.number}.`);
      commentIssue = trigger.issue;
      read = withInput(read, 'certificate', trigger.pem);
    }
    const settings = readSettings(read, context);
    const { store, issueTracker } = connectGitHub({ ...github, scope: settings.scope }, io);
    openssl = new OpenSsl({ binary: settings.opensslPath, tempRoot });
    const result = await rotate(settings, {
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
      issues:
        settings.issue === undefined
          ? undefined
          : {
              tracker: tracker ?? issueTracker(settings.issue),
              settings: settings.issue,
              credential: credentialId(settings, github),
              runUrl: runUrl() ?? 'this run',
              commentIssue,
            },
    });
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

function withInput(read: InputReader, name: InputName, value: string): InputReader {
  return (asked) => (asked === name ? value : read(asked));
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
