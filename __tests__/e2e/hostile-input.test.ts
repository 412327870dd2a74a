// Wrong and hostile inputs, each through the bundle under Node 24 (runRotation): every one must be refused before
// anything happens, with exactly one ::error:: line that names the input, no stack trace, no API call, nothing
// written, no output, and no key material in the log. Cases run a few at a time (it.concurrent).
import { describe, expect, it } from '@jest/globals';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runRotation, startTestBed } from '../support/e2e.js';
import { tempDir } from '../support/temp.js';
import { issuedCredential } from '../support/fixtures.js';
import { createTestCa, openssl } from '../support/test-ca.js';

interface Fixtures {
  keyPem: string;
  certPem: string;
  encryptedKeyPem: string;
  /** A workspace of our own (GITHUB_WORKSPACE) with certificate files in and around it. */
  workspace: string;
  /** A valid certificate file outside that workspace. */
  outsideFile: string;
}

let fixturesPromise: Promise<Fixtures> | undefined;
/** Made once, lazily: concurrent tests may start before any beforeAll would have finished. */
function fixtures(): Promise<Fixtures> {
  fixturesPromise ??= (async () => {
    const ca = await createTestCa();
    try {
      const { keyPem, certPem } = await issuedCredential(ca, { daysLeft: 300 });
      // prettier-ignore
      const encryptedKeyPem = await openssl([
        'genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-aes-256-cbc', '-pass', 'pass:hunter2',
      ]);
      const root = await tempDir('hostile-');
      const workspace = path.join(root, 'workspace');
      const outside = path.join(root, 'outside');
      await mkdir(path.join(workspace, 'certs'), { recursive: true });
      await mkdir(outside);
      const outsideFile = path.join(outside, 'issued.pem');
      await writeFile(outsideFile, certPem);
      await writeFile(path.join(workspace, 'certs', 'issued.pem'), certPem);
      await symlink(outsideFile, path.join(workspace, 'certs', 'link-out.pem'));
      await symlink(outside, path.join(workspace, 'dir-link-out'));
      await writeFile(path.join(workspace, 'huge.pem'), 'A'.repeat(100_000));
      await writeFile(path.join(workspace, 'key-instead.pem'), keyPem);
      return { keyPem, certPem, encryptedKeyPem, workspace, outsideFile };
    } finally {
      await ca.dispose();
    }
  })();
  return fixturesPromise;
}

type Value = string | ((fx: Fixtures) => string);

interface Case {
  name: string;
  /** The input the error must name. */
  input: string;
  value: Value;
  /** Other inputs (e.g. mode: promote with valid certificate and key), evaluated with the fixtures. */
  with?: (fx: Fixtures) => Record<string, string>;
  /** The input that receives `value` when it is not `input` itself. */
  into?: string;
  /** Environment for the run (e.g. our own GITHUB_WORKSPACE). */
  env?: (fx: Fixtures) => Record<string, string>;
  /** Part of the message that says what is expected. */
  says?: RegExp;
}

const b64 = (text: string) => Buffer.from(text).toString('base64');
const promoteWith =
  (overrides: Partial<Record<'certificate' | 'pending-private-key', string>> = {}) =>
  (fx: Fixtures): Record<string, string> => ({
    mode: 'promote',
    certificate: fx.certPem,
    'pending-private-key': b64(fx.keyPem),
    ...overrides,
  });
const ownWorkspace = (fx: Fixtures) => ({ GITHUB_WORKSPACE: fx.workspace });
const fileCase = (name: string, value: Value, says: RegExp): Case => ({
  name,
  input: 'certificate-file',
  value,
  with: promoteWith({ certificate: '' }),
  env: ownWorkspace,
  says,
});

const CLIENT_ID = /letters, digits, "-" and "_" only/;
const NAME_RULE = /letters, digits and "_", not starting with a digit or GITHUB_/;
const CASES: Case[] = [
  // client-id: anything that could reach the certificate subject or a shell
  { name: 'subject injection with /CN=', input: 'client-id', value: 'acme/CN=evil', says: CLIENT_ID },
  { name: 'subject injection with ,O=', input: 'client-id', value: 'acme,O=x', says: CLIENT_ID },
  { name: 'subject injection with +CN=', input: 'client-id', value: 'acme+CN=evil', says: CLIENT_ID },
  { name: 'new line then CN=', input: 'client-id', value: 'acme\nCN=x', says: CLIENT_ID },
  { name: 'carriage return inside', input: 'client-id', value: 'ac\rme', says: CLIENT_ID },
  { name: 'command substitution $(id)', input: 'client-id', value: '$(id)', says: CLIENT_ID },
  { name: 'backticks', input: 'client-id', value: '`id`', says: CLIENT_ID },
  { name: 'shell separator ;rm', input: 'client-id', value: 'acme;rm -rf ~', says: CLIENT_ID },
  {
    name: 'OpenSSL config variable ${ENV::HOME}',
    input: 'client-id',
    value: 'acme${ENV::HOME}',
    says: CLIENT_ID,
  },
  { name: 'config section [ dn ]', input: 'client-id', value: 'acme\n[ dn ]\nO=evil', says: CLIENT_ID },
  { name: 'Cyrillic lookalike а', input: 'client-id', value: 'аcme', says: CLIENT_ID },
  { name: 'full-width letters', input: 'client-id', value: 'ａｃｍｅ', says: CLIENT_ID },
  { name: 'zero-width space', input: 'client-id', value: 'ac\u200bme', says: CLIENT_ID },
  { name: 'right-to-left override', input: 'client-id', value: 'acme\u202egnp', says: CLIENT_ID },
  { name: 'dot (a DNS label boundary)', input: 'client-id', value: 'acme.evil', says: CLIENT_ID },
  { name: 'space inside', input: 'client-id', value: 'acme corp', says: CLIENT_ID },
  { name: 'leading -', input: 'client-id', value: '-acme', says: CLIENT_ID },
  { name: 'leading _', input: 'client-id', value: '_acme', says: CLIENT_ID },
  { name: 'path traversal', input: 'client-id', value: '../../etc/passwd', says: CLIENT_ID },
  { name: 'empty', input: 'client-id', value: '', says: /is required/ },
  { name: 'only spaces', input: 'client-id', value: '   ', says: /is required/ },
  {
    name: '44 characters in sandbox (CN over 64)',
    input: 'client-id',
    value: 'a'.repeat(44),
    says: /at most 43/,
  },
  {
    name: '47 characters in production (CN over 64)',
    input: 'client-id',
    value: 'a'.repeat(47),
    with: () => ({ 'mangopay-environment': 'production' }),
    says: /at most 46/,
  },
  {
    name: '100 KB',
    input: 'client-id',
    value: 'a'.repeat(100_000),
    says: /100000 characters long; at most 4096/,
  },
  {
    name: 'escape sequence (control character)',
    input: 'client-id',
    value: 'acme\u001b[31m',
    says: /control characters/,
  },

  // workflow-command injection through an echoed value
  {
    name: 'mode carrying a workflow command on a new line',
    input: 'mode',
    value: 'request\n::set-output name=state::promoted',
    says: /expected one of auto, request, promote, check/,
  },
  { name: 'mode carrying ::add-mask::', input: 'mode', value: '::add-mask::x', says: /expected one of/ },
  { name: 'mode with a bell character', input: 'mode', value: 'request\u0007', says: /control characters/ },

  // enumerations
  {
    name: 'unknown mode',
    input: 'mode',
    value: 'rotate',
    says: /expected one of auto, request, promote, check, export, rollback; got "rotate"/,
  },
  { name: 'mode in capitals', input: 'mode', value: 'REQUEST', says: /expected one of/ },
  {
    name: 'mangopay-environment prod',
    input: 'mangopay-environment',
    value: 'prod',
    says: /sandbox, production/,
  },
  {
    name: 'key-type rsa-1024 (too weak)',
    input: 'key-type',
    value: 'rsa-1024',
    says: /rsa-2048, rsa-3072, rsa-4096/,
  },
  { name: 'key-type ec-256', input: 'key-type', value: 'ec-256', says: /rsa-2048/ },
  { name: 'key-format der', input: 'key-format', value: 'der', says: /base64, pem/ },
  {
    name: 'secret-scope enterprise',
    input: 'secret-scope',
    value: 'enterprise',
    says: /repository, environment, organization/,
  },
  {
    name: 'secret-scope environment without github-environment',
    input: 'github-environment',
    value: '',
    with: () => ({ 'secret-scope': 'environment' }),
    says: /is required when secret-scope is environment/,
  },
  {
    name: 'github-environment with repository scope',
    input: 'github-environment',
    value: 'production',
    says: /set secret-scope: environment/,
  },
  {
    name: 'github-environment with a control character',
    input: 'github-environment',
    value: 'prod\u0008uction',
    with: () => ({ 'secret-scope': 'environment' }),
    says: /control characters/,
  },
  {
    name: 'github-environment ".." (a URL dot segment)',
    input: 'github-environment',
    value: '..',
    with: () => ({ 'secret-scope': 'environment' }),
    says: /must be an environment name, not ".."/,
  },

  // secret and variable names (GitHub's rules)
  { name: 'key-secret with a hyphen', input: 'key-secret', value: 'MY-KEY', says: NAME_RULE },
  { name: 'key-secret starting with a digit', input: 'key-secret', value: '1KEY', says: NAME_RULE },
  { name: 'key-secret starting with GITHUB_', input: 'key-secret', value: 'GITHUB_KEY', says: NAME_RULE },
  {
    name: 'key-secret starting with github_ (any case)',
    input: 'key-secret',
    value: 'github_key',
    says: NAME_RULE,
  },
  { name: 'key-secret 100 KB', input: 'key-secret', value: 'K'.repeat(100_000), says: /at most 200/ },
  {
    name: 'certificate-variable with a space',
    input: 'certificate-variable',
    value: 'CERT VAR',
    says: NAME_RULE,
  },
  {
    name: 'certificate-variable with a slash',
    input: 'certificate-variable',
    value: 'CERT/../X',
    says: NAME_RULE,
  },
  { name: 'csr-variable with $', input: 'csr-variable', value: 'CSR$', says: NAME_RULE },
  { name: 'csr-variable non-ASCII', input: 'csr-variable', value: 'ÉTAT', says: NAME_RULE },
  {
    name: 'csr-variable equal to certificate-variable',
    input: 'csr-variable',
    value: 'MANGOPAY_MTLS_CERT',
    says: /must differ/,
  },

  // numbers
  {
    name: 'renew-before-days -1',
    input: 'renew-before-days',
    value: '-1',
    says: /whole number from 0 to 365/,
  },
  { name: 'renew-before-days 366', input: 'renew-before-days', value: '366', says: /0 to 365/ },
  { name: 'renew-before-days 1e3', input: 'renew-before-days', value: '1e3', says: /0 to 365/ },
  { name: 'renew-before-days 30.5', input: 'renew-before-days', value: '30.5', says: /0 to 365/ },
  { name: 'renew-before-days 0x10', input: 'renew-before-days', value: '0x10', says: /0 to 365/ },
  {
    name: 'renew-before-days full-width digits',
    input: 'renew-before-days',
    value: '３０',
    says: /0 to 365/,
  },
  { name: 'renew-before-days 10^30', input: 'renew-before-days', value: '1'.repeat(30), says: /0 to 365/ },
  { name: 'artifact-retention-days 0', input: 'artifact-retention-days', value: '0', says: /1 to 90/ },
  { name: 'artifact-retention-days 91', input: 'artifact-retention-days', value: '91', says: /1 to 90/ },
  {
    name: 'artifact-retention-days thirty',
    input: 'artifact-retention-days',
    value: 'thirty',
    says: /1 to 90/,
  },

  // booleans
  { name: 'force yes', input: 'force', value: 'yes', says: /expected true or false; got "yes"/ },
  { name: 'dry-run 1', input: 'dry-run', value: '1', says: /expected true or false/ },
  { name: 'summary tRuE', input: 'summary', value: 'tRuE', says: /expected true or false/ },

  // where things go
  { name: 'repository without owner', input: 'repository', value: 'payments', says: /owner\/name/ },
  {
    name: 'repository with a path',
    input: 'repository',
    value: 'octo-org/payments/../x',
    says: /owner\/name/,
  },
  {
    name: 'repository ".." (a URL dot segment)',
    input: 'repository',
    value: 'octo-org/..',
    says: /owner\/name/,
  },
  {
    name: 'repository "." (a URL dot segment)',
    input: 'repository',
    value: 'octo-org/.',
    says: /owner\/name/,
  },
  {
    name: 'repository with a query',
    input: 'repository',
    value: 'octo-org/payments?x=1',
    says: /owner\/name/,
  },
  {
    name: 'github-api-url file:',
    input: 'github-api-url',
    value: 'file:///etc/passwd',
    says: /http\(s\) URL/,
  },
  {
    name: 'github-api-url not a URL',
    input: 'github-api-url',
    value: 'api github com',
    says: /http\(s\) URL/,
  },
  {
    name: 'artifact-name with a slash',
    input: 'artifact-name',
    value: 'csr/../../x',
    says: /nor contain any of/,
  },
  { name: 'artifact-name with a colon', input: 'artifact-name', value: 'a:b', says: /nor contain any of/ },
  { name: 'artifact-name ".."', input: 'artifact-name', value: '..', says: /must not be "." or ".."/ },

  // the token
  {
    name: 'github-token missing',
    input: 'github-token',
    value: '',
    says: /is required.*GITHUB_TOKEN cannot write secrets/,
  },
  { name: 'github-token only spaces', input: 'github-token', value: '   ', says: /is required/ },

  // promote: certificates
  {
    name: 'certificate missing',
    input: 'certificate',
    value: '',
    with: promoteWith(),
    says: /promote needs the issued certificate/,
  },
  {
    name: 'certificate garbage',
    input: 'certificate',
    value: 'hello',
    with: promoteWith(),
    says: /expected a PEM certificate/,
  },
  {
    name: 'certificate with a garbage body',
    input: 'certificate',
    value: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
    with: promoteWith(),
    says: /does not parse as an X.509 certificate/,
  },
  {
    name: 'certificate: the private key pasted by mistake (never echoed)',
    input: 'certificate',
    value: (fx) => fx.keyPem,
    with: promoteWith(),
    says: /expected a PEM certificate/,
  },
  {
    name: 'certificate 100 KB',
    input: 'certificate',
    value: 'A'.repeat(100_000),
    with: promoteWith(),
    says: /at most 65536/,
  },
  {
    name: 'certificate and certificate-file both',
    input: 'certificate',
    value: (fx) => fx.certPem,
    with: (fx) => ({ ...promoteWith()(fx), 'certificate-file': 'certs/issued.pem' }),
    env: ownWorkspace,
    says: /either certificate or certificate-file, not both/,
  },
  fileCase(
    'certificate-file ../ out of the workspace',
    (fx) => path.relative(fx.workspace, fx.outsideFile),
    /inside the workspace/,
  ),
  fileCase('certificate-file absolute path outside', (fx) => fx.outsideFile, /inside the workspace/),
  fileCase('certificate-file /etc/passwd', '/etc/passwd', /inside the workspace/),
  fileCase('certificate-file symlink pointing out', 'certs/link-out.pem', /inside the workspace/),
  fileCase('certificate-file through a linked folder', 'dir-link-out/issued.pem', /inside the workspace/),
  fileCase('certificate-file that is a folder', 'certs', /not a regular file/),
  fileCase('certificate-file the workspace itself', '.', /inside the workspace/),
  fileCase('certificate-file missing', 'certs/none.pem', /no file at certs\/none.pem/),
  fileCase('certificate-file of 100 KB', 'huge.pem', /a certificate is at most 65536/),
  fileCase('certificate-file holding a private key', 'key-instead.pem', /expected a PEM certificate/),

  // promote: keys
  {
    name: 'pending-private-key missing',
    input: 'pending-private-key',
    value: '',
    with: promoteWith(),
    says: /is required in promote mode/,
  },
  {
    name: 'pending-private-key garbage',
    input: 'pending-private-key',
    value: 'not a key',
    with: promoteWith(),
    says: /expected a PEM private key/,
  },
  {
    name: 'pending-private-key encrypted',
    input: 'pending-private-key',
    value: (fx) => fx.encryptedKeyPem,
    with: promoteWith(),
    says: /is an encrypted private key/,
  },
  {
    name: 'pending-private-key encrypted, base64',
    input: 'pending-private-key',
    value: (fx) => b64(fx.encryptedKeyPem),
    with: promoteWith(),
    says: /is an encrypted private key/,
  },
  {
    name: 'pending-private-key a certificate instead',
    input: 'pending-private-key',
    value: (fx) => fx.certPem,
    with: promoteWith(),
    says: /expected a PEM private key/,
  },
  {
    name: 'pending-private-key truncated',
    input: 'pending-private-key',
    value: (fx) =>
      fx.keyPem
        .split('\n')
        .filter((_line, i) => i !== 5)
        .join('\n'),
    with: promoteWith(),
    says: /does not parse as a private key/,
  },
  {
    name: 'current-private-key garbage',
    input: 'current-private-key',
    value: 'MIIE not really',
    with: promoteWith(),
    says: /expected a PEM private key/,
  },

  // promote: verify-url
  {
    name: 'verify-url http://',
    input: 'verify-url',
    value: 'http://api.mangopay.com/',
    with: promoteWith(),
    says: /https:\/\//i,
  },
  {
    name: 'verify-url with credentials',
    input: 'verify-url',
    value: 'https://user:pass@api.mangopay.com/',
    with: promoteWith(),
    says: /user name or password/,
  },
  {
    name: 'verify-url javascript:',
    input: 'verify-url',
    value: 'javascript:alert(1)',
    with: promoteWith(),
    says: /https/,
  },
  {
    name: 'verify-url not a URL',
    input: 'verify-url',
    value: 'mangopay',
    with: promoteWith(),
    says: /https/,
  },
  {
    name: 'verify-url file:',
    input: 'verify-url',
    value: 'file:///etc/passwd',
    with: promoteWith(),
    says: /https/,
  },
];

describe('hostile and wrong inputs are refused before anything happens', () => {
  it('the table is large enough', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it.concurrent.each(CASES)('$input: $name', async (c) => {
    const fx = await fixtures();
    const bed = await startTestBed();
    try {
      const before = bed.github.snapshot();
      const value = typeof c.value === 'function' ? c.value(fx) : c.value;
      const inputs = { ...(c.with?.(fx) ?? {}), [c.into ?? c.input]: value };
      const run = await runRotation(bed, inputs, {
        knownKeys: [fx.keyPem], // scanned for in the log even where it was passed in the wrong input
        env: c.env?.(fx),
      });
      try {
        expect(run.exitCode).toBe(1);
        expect(run.errors).toHaveLength(1);
        expect(run.log.split('\n').filter((line) => line.startsWith('::error'))).toHaveLength(1);
        const message = run.errors[0];
        expect(message.startsWith(`Input '${c.input}': `)).toBe(true);
        if (c.says) expect(message).toMatch(c.says);
        expect(message.length).toBeLessThan(600); // a 100 KB value is never echoed in full
        expect(message).not.toContain('\n');
        // Nothing happened: no API call at all, no state change, no artifact, no output, no other annotation.
        expect(bed.github.calls).toEqual([]);
        expect(bed.github.snapshot()).toBe(before);
        expect(bed.artifacts).toEqual([]);
        expect(run.outputs).toEqual({});
        expect(run.warnings).toEqual([]);
        expect(run.leftovers()).toEqual([]);
      } finally {
        await run.cleanup();
      }
    } finally {
      await bed.close();
    }
  });
});
