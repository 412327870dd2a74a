// What the tests keep between test files and runs, in node_modules/.cache/mtls-tests/ (Jest gives every test
// file its own module registry, so a module-level memo lasts one file). Each entry is recreated when missing;
// deleting the folder starts over (docs/development.md).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../node_modules/.cache/mtls-tests/', import.meta.url));

/** The cached text under `name` (a relative path), or undefined when there is none yet. */
export function readCached(name: string): string | undefined {
  try {
    return readFileSync(path.join(ROOT, name), 'utf8');
  } catch {
    return undefined;
  }
}

/** Stores `text` under `name` and returns it; written whole and renamed, so a parallel worker never reads half. */
export function writeCached(name: string, text: string): string {
  const file = path.join(ROOT, name);
  mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, text);
  renameSync(partial, file);
  return text;
}
