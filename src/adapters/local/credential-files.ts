/**
 * export's files on disk. In Actions: a new folder under RUNNER_TEMP, named to the post step (through
 * core.saveState) before the key is written, so the post step removes it whatever happens next. In the CLI:
 * the folder the user names. Keys are written with mode 0600; a failed write removes what it made.
 */
import { lstat, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CredentialPair } from '../../domain/pair.js';
import type { CredentialFiles, WrittenPair } from '../../ports/credential-files.js';

/** The state entry (core.saveState) that tells the post step which folder to remove. */
export const EXPORT_STATE = 'export-folder';
const PREFIX = 'mangopay-mtls-export-';
/** What mkdtemp makes of PREFIX: six letters or digits appended. */
const MADE_FOLDER = new RegExp(`^${PREFIX}[A-Za-z0-9]{6}$`);
const KEY_FILE = 'client-key.pem';
const CERTIFICATE_FILE = 'client-certificate.pem';

export type PemFolder =
  /** A new folder under `under`; `announce` hears its path before anything is written into it. */
  | { kind: 'new'; under: string; announce(folder: string): void }
  /** A folder the user named (made when missing); files in it are replaced. */
  | { kind: 'named'; folder: string };

export class PemFiles implements CredentialFiles {
  constructor(private readonly target: PemFolder) {}

  async write(pair: CredentialPair): Promise<WrittenPair> {
    const folder = await this.folder();
    const written = {
      folder,
      keyPath: path.join(folder, KEY_FILE),
      certificatePath: path.join(folder, CERTIFICATE_FILE),
    };
    try {
      await replaceFile(written.keyPath, pair.keyPem, 0o600);
      await replaceFile(written.certificatePath, pair.certificatePem, 0o644);
    } catch (error) {
      // A failed export leaves no key file: the whole new folder, or the key file of a named one.
      if (this.target.kind === 'new') await rm(folder, { recursive: true, force: true });
      else await rm(written.keyPath, { force: true });
      throw error;
    }
    return written;
  }

  private async folder(): Promise<string> {
    if (this.target.kind === 'named') {
      await mkdir(this.target.folder, { recursive: true, mode: 0o700 });
      return this.target.folder;
    }
    const folder = await mkdtemp(path.join(this.target.under, PREFIX));
    this.target.announce(folder);
    return folder;
  }
}

/** Written under a temporary name and renamed, so the file's mode is ours even when one was there. */
async function replaceFile(file: string, text: string, mode: number): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await writeFile(temp, text, { mode, flag: 'wx' });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export type Removal =
  { kind: 'nothing' } | { kind: 'removed'; folder: string } | { kind: 'refused'; reason: string };

/**
 * The post step's work: remove the folder the main step saved in its state, and only such a folder: one
 * this adapter made (its name), directly under RUNNER_TEMP, a real folder (not a link). Nothing saved (another
 * mode, or a main step that failed before making it): nothing to do.
 */
export async function removeExportFolder(saved: string, runnerTemp: string): Promise<Removal> {
  if (saved === '') return { kind: 'nothing' };
  const refuse = (why: string): Removal => ({
    kind: 'refused',
    reason: `Not removing "${saved.slice(0, 200)}": ${why}.`,
  });
  if (runnerTemp === '' || !path.isAbsolute(runnerTemp)) return refuse('RUNNER_TEMP is not an absolute path');
  if (!path.isAbsolute(saved) || path.dirname(saved) !== path.resolve(runnerTemp))
    return refuse('it is not directly under RUNNER_TEMP');
  if (!MADE_FOLDER.test(path.basename(saved))) return refuse('it is not a folder the export step makes');
  let stat;
  try {
    stat = await lstat(saved);
  } catch {
    return { kind: 'nothing' }; // already gone
  }
  if (!stat.isDirectory() || stat.isSymbolicLink()) return refuse('it is not a folder');
  await rm(saved, { recursive: true, force: true });
  return { kind: 'removed', folder: saved };
}
