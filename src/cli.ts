/**
 * The command-line twin: the same rotation over a local folder, with nothing but Node and OpenSSL.
 *   npm start -- request --client-id demo --state-dir ./mtls-state
 * Options are the action's inputs in --kebab-case. Exit code 0 on success, 1 with one message on error.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { describeError } from './domain/errors.js';
import type { InputName } from './settings/inputs.js';
import { LocalStore } from './adapters/local/store.js';
import { OpenSsl } from './adapters/openssl/openssl.js';
import { CsrFolder } from './adapters/local/csr-files.js';
import { FolderPublisher } from './adapters/local/publisher.js';
import { renderText } from './report/report.js';
import { renderExportText } from './report/export.js';
import { rotate } from './protocol/rotate.js';
import { exportCredential, pairsFromFolder } from './protocol/modes/export.js';
import { PemFiles } from './adapters/local/credential-files.js';
import type { Logger } from './ports/deps.js';
import { readCliSettings, type ExportSettings } from './settings/settings.js';
import { parseArgsOptions, usage } from './settings/cli-options.js';
import { verifyMtlsHandshake } from './adapters/tls/handshake.js';

export async function cli(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: parseArgsOptions(),
    });
  } catch (error) {
    process.stderr.write(`error: ${describeError(error)}\n\n${usage()}\n`);
    return 1;
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const positionals = parsed.positionals;
  if (values.help === true) {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  if (positionals.length !== 1) {
    process.stderr.write(
      `error: give exactly one command: request, promote, check, export or rollback\n\n${usage()}\n`,
    );
    return 1;
  }

  // `npm start` runs in the project folder; paths the user typed are relative to where they typed them.
  const userDir = process.env.INIT_CWD ?? process.cwd();
  const stateDir = path.resolve(userDir, String(values['state-dir'] ?? './mtls-state'));
  const read = (name: InputName): string => {
    if (name === 'mode') return positionals[0];
    const value = values[name];
    return value === undefined ? '' : String(value);
  };
  const verbose = values.verbose === true;
  const log: Logger = {
    info: (message) => verbose && process.stdout.write(`${message}\n`),
    warning: (message) => process.stderr.write(`warning: ${message}\n`),
    debug: () => undefined,
    group: async (name, fn) => {
      if (verbose) process.stdout.write(`== ${name}\n`);
      return fn();
    },
  };
  let openssl: OpenSsl | undefined;
  let scratch: string | undefined;
  try {
    const settings = readCliSettings(read, { kind: 'cli', workspace: userDir, mask: () => undefined });
    if (settings.mode === 'export') {
      const outputDir = values['output-dir'];
      process.stdout.write(
        `${await exportToFolder(settings, stateDir, resolveIn(userDir, outputDir), log)}\n`,
      );
      return 0;
    }
    openssl = new OpenSsl({ binary: settings.opensslPath, tempRoot: tmpdir() });
    // A dry run must not leave a CSR in the folder, where it would look published.
    scratch = settings.dryRun ? await mkdtemp(path.join(tmpdir(), 'mtls-dry-run-')) : undefined;
    const result = await rotate(settings, {
      store: new LocalStore(stateDir, settings.scope),
      publisher: new FolderPublisher(stateDir),
      openssl,
      log,
      mask: () => undefined,
      now: () => new Date(),
      csrFiles: new CsrFolder(scratch ?? path.join(stateDir, 'artifacts')),
      verifyTls: (url, key, certificate) => verifyMtlsHandshake(url, key, certificate),
      issues: undefined,
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

/** export over the folder: the values not given as options are read from it; the files go to --output-dir. */
async function exportToFolder(
  settings: ExportSettings,
  stateDir: string,
  outputDir: string,
  log: Logger,
): Promise<string> {
  const { source } = settings;
  const deps = { log, mask: () => undefined };
  const ready =
    source.kind === 'folder'
      ? await pairsFromFolder({ ...settings, source }, new LocalStore(stateDir, source.scope), deps)
      : { ...settings, source };
  const result = await exportCredential(ready, {
    ...deps,
    files: new PemFiles({ kind: 'named', folder: outputDir }),
    now: () => new Date(),
  });
  return renderExportText(result);
}

/** An option's path, relative to where the command was typed; export needs --output-dir. */
function resolveIn(userDir: string, value: string | boolean | undefined): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new Error('export needs --output-dir <folder>: where to write the key and certificate files');
  return path.resolve(userDir, value);
}

process.exitCode = await cli(process.argv.slice(2));
