// RSA 2048 keys for the tests' own fixtures (the test CA, CSRs the tests sign, TLS servers), made with the real
// openssl once and kept on disk: an RSA key costs ~0.3 s of CPU, and the suite used to make ~80 of them per run.
// Within one test file (one module registry) every key handed out is a different one; files share the pool.
// The keys the action makes are never from here: the bundle and the OpenSSL wrapper run openssl themselves.
import { execFile } from 'node:child_process';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { promisify } from 'node:util';

const POOL = fileURLToPath(new URL('../../node_modules/.cache/mtls-tests/rsa-2048/', import.meta.url));

let next = 0;

/** A PKCS#8 PEM RSA 2048 private key no earlier call in this test file got. */
export async function pooledRsaKey(): Promise<string> {
  const file = join(POOL, `key-${next++}.pem`);
  try {
    return await readFile(file, 'utf8');
  } catch {
    await mkdir(POOL, { recursive: true });
    // Made beside and renamed, so a parallel worker never reads half a key.
    const partial = `${file}.${process.pid}`;
    try {
      await promisify(execFile)('openssl', [
        'genpkey',
        '-algorithm',
        'RSA',
        '-pkeyopt',
        'rsa_keygen_bits:2048',
        '-out',
        partial,
      ]);
      const pem = await readFile(partial, 'utf8');
      await rename(partial, file);
      return pem;
    } finally {
      await rm(partial, { force: true });
    }
  }
}
