// The house's rules, checked on every `npm test`: dependency-cruiser (.dependency-cruiser.cjs) for import
// circles and arrows that run the wrong way (types included), and the sizes a reader can take in at once.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../support/action-runner.js';

const CRUISER = path.join(REPO_ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const CONFIG = path.join(REPO_ROOT, '.dependency-cruiser.cjs');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

/** Runs dependency-cruiser over `src` of `root` with the project's rules; the violations it reports. */
async function cruise(root: string): Promise<Violation[]> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [CRUISER, 'src', '--config', CONFIG, '--output-type', 'json'],
    { cwd: root, maxBuffer: 32 * 1024 * 1024 },
  ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  const result = JSON.parse(stdout) as { summary: { violations: Violation[]; totalCruised: number } };
  expect(result.summary.totalCruised).toBeGreaterThan(0);
  return result.summary.violations;
}

describe('layering', () => {
  it('src/ has no import circle and no arrow against the layers', async () => {
    const violations = await cruise(REPO_ROOT);
    expect(violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)).toEqual([]);
  });

  describe('the rules bite', () => {
    let fixture: string;
    beforeAll(() => {
      fixture = mkdtempSync(path.join(tmpdir(), 'layering-'));
      const file = (name: string, text: string) => {
        mkdirSync(path.dirname(path.join(fixture, name)), { recursive: true });
        writeFileSync(path.join(fixture, name), text);
      };
      file('tsconfig.json', readFileSync(path.join(REPO_ROOT, 'tsconfig.json'), 'utf8'));
      // A domain type that borrows from an adapter (type-only), which borrows back: upward and a circle.
      file(
        'src/domain/pem.ts',
        "import type { Runner } from '../adapters/openssl/run.js';\nexport type Pem = Runner;\n",
      );
      file(
        'src/adapters/openssl/run.ts',
        "import type { Pem } from '../../domain/pem.js';\nexport type Runner = Pem;\n",
      );
      // The protocol calling an adapter, and a folder importing an entry.
      file(
        'src/protocol/rotate.ts',
        "import { tool } from '../adapters/local/tool.js';\nexport const rotate = tool;\n",
      );
      file('src/adapters/local/tool.ts', "import { run } from '../../main.js';\nexport const tool = run;\n");
      file('src/main.ts', 'export const run = 1;\n');
    });
    afterAll(() => rmSync(fixture, { recursive: true, force: true }));

    it('reports circles, upward type imports, the protocol reaching an adapter and imports of entries', async () => {
      const found = (await cruise(fixture)).map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
      expect(found).toEqual(
        expect.arrayContaining([
          'no-circular: src/adapters/openssl/run.ts -> src/domain/pem.ts',
          'domain-imports-only-itself: src/domain/pem.ts -> src/adapters/openssl/run.ts',
          'protocol-imports-only-ports-settings-issue-domain: src/protocol/rotate.ts -> src/adapters/local/tool.ts',
          'no-import-of-entries: src/adapters/local/tool.ts -> src/main.ts',
        ]),
      );
    });
  });
});

describe('sizes', () => {
  const src = path.join(REPO_ROOT, 'src');
  const folders = (dir: string): string[] => [
    dir,
    ...readdirSync(dir)
      .map((name) => path.join(dir, name))
      .filter((entry) => statSync(entry).isDirectory())
      .flatMap(folders),
  ];
  const files = (dir: string) =>
    readdirSync(dir).filter((name) => statSync(path.join(dir, name)).isFile() && name.endsWith('.ts'));

  it('the root of src/ holds the entries only (at most 4 files)', () => {
    expect(files(src).length).toBeLessThanOrEqual(4);
    expect(files(src)).toContain('index.ts');
  });

  it('no folder of src/ holds more than 14 files, no file more than 250 lines', () => {
    const all = folders(src);
    expect(all.length).toBeGreaterThan(5);
    const crowded = all.filter((dir) => files(dir).length > 14).map((dir) => path.relative(REPO_ROOT, dir));
    expect(crowded).toEqual([]);
    const long = all
      .flatMap((dir) => files(dir).map((name) => path.join(dir, name)))
      .filter((file) => readFileSync(file, 'utf8').split('\n').length > 251)
      .map((file) => path.relative(REPO_ROOT, file));
    expect(long).toEqual([]);
  });
});
