/**
 * The command-line twin: the same rotation over a local folder, with nothing but Node and OpenSSL.
 *   npm start -- request --client-id demo --state-dir ./mtls-state
 * Options are the action's inputs in --kebab-case. Exit code 0 on success, 1 with one message on error.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { describeError } from './errors.js';
import { LocalStore } from './local-store.js';
import { OpenSsl } from './openssl.js';
import { FolderPublisher } from './publisher.js';
import { renderText } from './report.js';
import { run } from './run.js';
import { readSettings } from './settings.js';
import { verifyMtlsHandshake } from './tls-check.js';

const STRING_OPTIONS = [
  'client-id',
  'mangopay-environment',
  'key-type',
  'key-format',
  'secret-scope',
  'github-environment',
  'key-secret',
  'certificate-variable',
  'csr-variable',
  'renew-before-days',
  'certificate',
  'certificate-file',
  'pending-private-key',
  'current-private-key',
  'verify-url',
  'artifact-name',
  'artifact-retention-days',
  'openssl-path',
  'state-dir',
] as const;
const FLAG_OPTIONS = ['force', 'dry-run', 'verbose', 'help'] as const;

const USAGE = `Usage: npm start -- <request|promote|check> --client-id <id> [--state-dir ./mtls-state] [options]

Rotates a Mangopay mTLS client credential in a local folder: secrets are files with mode 0600 under
<state-dir>/secrets, variables are files under <state-dir>/variables, the CSR is published to
<state-dir>/artifacts/<artifact-name>/.

  request   make a key and CSR when a rotation is due (--force to make one anyway)
  promote   verify the issued certificate (--certificate-file PATH or --certificate PEM) and install it
            with the pending key (read from the folder unless --pending-private-key is given)
  check     report the certificate's expiry and whether a request is pending or due

Options (the action's inputs): --mangopay-environment sandbox|production, --key-type rsa-2048|rsa-3072|rsa-4096,
--key-format base64|pem, --renew-before-days N, --verify-url https://..., --secret-scope environment
--github-environment NAME, --key-secret, --certificate-variable, --csr-variable, --artifact-name, --openssl-path,
--dry-run, --verbose.`;

const CLI_OPTIONS: Record<string, { type: 'string' | 'boolean' }> = {};
for (const name of STRING_OPTIONS) CLI_OPTIONS[name] = { type: 'string' };
for (const name of FLAG_OPTIONS) CLI_OPTIONS[name] = { type: 'boolean' };

export async function cli(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: CLI_OPTIONS,
    });
  } catch (error) {
    process.stderr.write(`error: ${describeError(error)}\n\n${USAGE}\n`);
    return 1;
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const positionals = parsed.positionals;
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) {
    process.stderr.write(`error: give exactly one command: request, promote or check\n\n${USAGE}\n`);
    return 1;
  }

  // `npm start` runs in the project folder; paths the user typed are relative to where they typed them.
  const userDir = process.env.INIT_CWD ?? process.cwd();
  const stateDir = path.resolve(userDir, String(values['state-dir'] ?? './mtls-state'));
  const read = (name: string): string => {
    if (name === 'mode') return positionals[0];
    const value = values[name];
    return value === undefined ? '' : String(value);
  };
  const verbose = values.verbose === true;
  let openssl: OpenSsl | undefined;
  let scratch: string | undefined;
  try {
    const settings = readSettings(read, {
      inActions: false,
      workspace: userDir,
      mask: () => undefined,
    });
    openssl = new OpenSsl({ binary: settings.opensslPath, tempRoot: tmpdir() });
    // A dry run must not leave a CSR in the folder, where it would look published.
    scratch = settings.dryRun ? await mkdtemp(path.join(tmpdir(), 'mtls-dry-run-')) : undefined;
    const result = await run(settings, {
      store: new LocalStore(stateDir, settings.githubEnvironment),
      publisher: new FolderPublisher(stateDir),
      openssl,
      log: {
        info: (message) => verbose && process.stdout.write(`${message}\n`),
        warning: (message) => process.stderr.write(`warning: ${message}\n`),
        debug: () => undefined,
        group: async (name, fn) => {
          if (verbose) process.stdout.write(`== ${name}\n`);
          return fn();
        },
      },
      mask: () => undefined,
      now: () => new Date(),
      csrDir: scratch ?? path.join(stateDir, 'artifacts'),
      verifyTls: (url, key, certificate) => verifyMtlsHandshake(url, key, certificate),
    });
    const promoteCommand = `npm start -- promote --client-id ${settings.clientId} --mangopay-environment ${settings.mangopayEnvironment} --state-dir ${path.relative(userDir, stateDir) || '.'}`;
    process.stdout.write(`${renderText(result, settings, promoteCommand)}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`error: ${describeError(error)}\n`);
    return 1;
  } finally {
    await openssl?.dispose();
    if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
  }
}

process.exitCode = await cli(process.argv.slice(2));
