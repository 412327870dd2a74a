/**
 * The real `openssl` binaries tests run against: the flavours in ../shared/openssl-flavours (see its
 * README) and the machine's own. A flavour whose folder is absent (a contributor's clone) is reported by
 * {@link describeFlavours} as a skipped test named "SKIPPED: …" and a console warning, never silently.
 */
import { describe, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { OpenSslVersion } from '../../src/adapters/openssl/openssl.js';

export const FLAVOURS_DIR = resolve('../shared/openssl-flavours');

export interface Flavour {
  name: string;
  binary: string;
  /** What the wrapper must detect; absent for the system's openssl, whatever version it is. */
  version?: OpenSslVersion;
  /** Exit code of `req -verify` on a bad signature, as seen on that binary (README of the folder). */
  badSignatureExit?: number;
}

function shared(name: string, version: OpenSslVersion, badSignatureExit: number): Flavour {
  return { name, binary: resolve(FLAVOURS_DIR, name, 'openssl'), version, badSignatureExit };
}

const SHARED: Flavour[] = [
  shared('libressl-3.3.6', { flavour: 'libressl', major: 3, minor: 3, patch: 6 }, 0),
  shared('openssl-1.1.1w', { flavour: 'openssl', major: 1, minor: 1, patch: 1 }, 0),
  shared('openssl-3.5.7', { flavour: 'openssl', major: 3, minor: 5, patch: 7 }, 1),
  shared('openssl-3.6.3', { flavour: 'openssl', major: 3, minor: 6, patch: 3 }, 1),
];

/** The four shared flavours, then the system's /usr/bin/openssl (3.0 on Ubuntu runners). */
export const FLAVOURS: Flavour[] = [...SHARED, { name: 'system', binary: '/usr/bin/openssl' }];

/** The shared flavours only (the bundle tests: the system one is what every other e2e test runs). */
export const SHARED_FLAVOURS: Flavour[] = SHARED;

/**
 * One describe block per flavour; where the binary is missing, a skipped "SKIPPED: … not found" test and a
 * warning in the output instead of the block.
 */
export function describeFlavours(title: string, flavours: Flavour[], body: (flavour: Flavour) => void): void {
  for (const flavour of flavours) {
    describe(`${title} ${flavour.name}`, () => {
      if (existsSync(flavour.binary)) {
        body(flavour);
        return;
      }
      const reason = `SKIPPED: ${flavour.name} not found at ${flavour.binary}`;
      console.warn(`${title}: ${reason}`);
      it.skip(reason, () => undefined);
    });
  }
}
