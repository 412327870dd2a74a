/** Where the openssl binary is looked for, and the environment it runs in. */
import * as io from '@actions/io';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { OpenSslError } from './output.js';

const WINDOWS_DEFAULT = 'C:\\Program Files\\OpenSSL\\bin\\openssl.exe';

/** Install folders tried when `openssl` is not on PATH (Windows only: elsewhere a package manager puts it there). */
export function defaultFallbacks(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  if (platform !== 'win32') return [];
  const programFiles = env.ProgramFiles || 'C:\\Program Files';
  const candidates = [
    WINDOWS_DEFAULT,
    path.win32.join(programFiles, 'OpenSSL', 'bin', 'openssl.exe'),
    path.win32.join(programFiles, 'OpenSSL-Win64', 'bin', 'openssl.exe'),
    // Git for Windows ships a native OpenSSL 3 build.
    path.win32.join(programFiles, 'Git', 'mingw64', 'bin', 'openssl.exe'),
    path.win32.join(programFiles, 'Git', 'usr', 'bin', 'openssl.exe'),
  ];
  return [...new Set(candidates)];
}

/**
 * The child's environment (as @actions/exec's `env` takes it: no unset entries) with OPENSSL_CONF set to the
 * `-config` file the call names, or removed when it names none.
 */
export function childEnv(env: NodeJS.ProcessEnv, args: string[]): Record<string, string> {
  const entries = Object.entries(env).filter(
    (entry): entry is [string, string] => entry[1] !== undefined && entry[0].toUpperCase() !== 'OPENSSL_CONF',
  );
  const config = args.indexOf('-config');
  if (config >= 0 && config + 1 < args.length) entries.push(['OPENSSL_CONF', args[config + 1]]);
  return Object.fromEntries(entries);
}

/**
 * The binary to run: the configured one (checked, with errors naming `openssl-path`), else `openssl` on
 * PATH, else the first existing fallback.
 */
export async function findBinary(options: { binary?: string; fallbacks?: string[] }): Promise<string> {
  const configured = options.binary;
  if (configured !== undefined) {
    if (configured.includes('"')) {
      throw new OpenSslError(
        `Input 'openssl-path': a path with a double quote is not supported: ${configured}`,
      );
    }
    if (!existsSync(configured)) {
      throw new OpenSslError(`Input 'openssl-path': no OpenSSL binary at ${configured}`);
    }
    if (statSync(configured).isDirectory()) {
      throw new OpenSslError(
        `Input 'openssl-path': ${configured} is a folder; give the path of the openssl binary itself`,
      );
    }
    return configured;
  }
  const found = await io.which('openssl', false);
  if (found !== '') return found;
  const fallback = (options.fallbacks ?? defaultFallbacks()).find((candidate) => existsSync(candidate));
  if (fallback !== undefined) return fallback;
  throw new OpenSslError(
    'OpenSSL was not found on PATH. Install it (Ubuntu: apt-get install openssl; macOS: brew install openssl@3; ' +
      "Windows: choco install openssl) or set the input 'openssl-path' to the openssl binary.",
  );
}
