// export's files on disk (src/adapters/local/credential-files.ts): a failed write leaves no key file, and the
// post step removes only a folder the export made, directly under RUNNER_TEMP.
import { beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdir, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PemFiles, removeExportFolder } from '../../src/adapters/local/credential-files.js';
import { tempDir } from '../support/temp.js';

const PAIR = { keyPem: 'KEY PEM\n', certificatePem: 'CERTIFICATE PEM\n' };
let temp: string;
beforeEach(async () => {
  temp = await tempDir('credential-files-');
});

describe('PemFiles', () => {
  it('makes a new folder, names it before writing, and writes the key with mode 0600', async () => {
    const announced: string[] = [];
    const written = await new PemFiles({
      kind: 'new',
      under: temp,
      announce: (folder) => announced.push(folder),
    }).write(PAIR);
    expect(announced).toEqual([written.folder]);
    expect(path.dirname(written.folder)).toBe(temp);
    expect((await stat(written.keyPath)).mode & 0o777).toBe(0o600);
    expect((await stat(written.folder)).mode & 0o777).toBe(0o700);
  });

  it('removes the new folder, key included, when the certificate cannot be written', async () => {
    const files = new PemFiles({
      kind: 'new',
      under: temp,
      // A folder where the certificate file goes: its write fails after the key's.
      announce: (folder) => mkdirSync(path.join(folder, 'client-certificate.pem')),
    });
    await expect(files.write(PAIR)).rejects.toThrow();
    expect(await readdir(temp)).toEqual([]);
  });

  it('in a named folder, replaces the files and removes the key when the certificate fails', async () => {
    const folder = path.join(temp, 'out');
    await mkdir(folder);
    await writeFile(path.join(folder, 'client-key.pem'), 'old', { mode: 0o644 });
    const written = await new PemFiles({ kind: 'named', folder }).write(PAIR);
    expect((await stat(written.keyPath)).mode & 0o777).toBe(0o600);
    await rm(written.certificatePath);
    await mkdir(written.certificatePath);
    await expect(new PemFiles({ kind: 'named', folder }).write(PAIR)).rejects.toThrow();
    expect(existsSync(written.keyPath)).toBe(false);
  });
});

describe('removeExportFolder (the post step)', () => {
  it('removes the folder the export made, and does nothing when none was saved or it is gone', async () => {
    const written = await new PemFiles({ kind: 'new', under: temp, announce: () => undefined }).write(PAIR);
    expect(await removeExportFolder(written.folder, temp)).toEqual({
      kind: 'removed',
      folder: written.folder,
    });
    expect(existsSync(written.folder)).toBe(false);
    expect(await removeExportFolder(written.folder, temp)).toEqual({ kind: 'nothing' });
    expect(await removeExportFolder('', temp)).toEqual({ kind: 'nothing' });
  });

  it.each([
    ['another name', 'mangopay-mtls-export-', 'it is not a folder the export step makes'],
    ['a deeper folder', 'x/mangopay-mtls-export-abc123', 'it is not directly under RUNNER_TEMP'],
    ['a path that climbs out', '../mangopay-mtls-export-abc123', 'it is not directly under RUNNER_TEMP'],
  ])('refuses %s', async (_name, relative, why) => {
    const target = path.join(temp, relative);
    expect(await removeExportFolder(target, temp)).toEqual({
      kind: 'refused',
      reason: `Not removing "${target}": ${why}.`,
    });
  });

  it('refuses a link named like the folder, leaving what it points to', async () => {
    const elsewhere = await tempDir('link-target-');
    await writeFile(path.join(elsewhere, 'keep'), 'x');
    const link = path.join(temp, 'mangopay-mtls-export-LINK00');
    await symlink(elsewhere, link);
    expect(await removeExportFolder(link, temp)).toEqual({
      kind: 'refused',
      reason: `Not removing "${link}": it is not a folder.`,
    });
    expect(existsSync(path.join(elsewhere, 'keep'))).toBe(true);
  });
});
