/** Where the openssl binary is looked for, and the environment it runs in. */
import path from 'node:path';

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
