/**
 * Every input read into one typed, validated settings object per mode. All validation lives here and in
 * promote-inputs.ts: each error names the input and the form it expects, and nothing has been written or
 * run when one is thrown.
 */
import { InputError } from '../domain/errors.js';
import { readIssueSettings, type IssueSettings } from './issue.js';
import { INPUTS, Inputs, printable, type InputName, type InputReader } from './inputs.js';
import { sensitiveForms } from '../domain/pem.js';
import { readPromoteInputs, type PromoteInputs } from './promote.js';
import { readExportSettings, type ExportSettings } from './export.js';
import { readRollbackKeys, type RollbackKeys } from './rollback.js';
import { readScope } from './scope.js';
import { clientIdProblem, CLIENT_ID_PATTERN, subjectAttributes } from '../domain/subject.js';
import { MAX_SUBJECT_INPUT_LENGTH, parseSubject, type SubjectAttribute } from './subject.js';
import {
  KEY_FORMATS,
  KEY_TYPES,
  MANGOPAY_ENVIRONMENTS,
  MODES,
  type KeyFormat,
  type KeyType,
  type MangopayEnvironment,
  type Scope,
  type StoredNames,
} from '../domain/types.js';

export type { InputReader, ExportSettings };

interface CommonSettings {
  clientId: string;
  mangopayEnvironment: MangopayEnvironment;
  /** The CSR's subject in RDN order: the `subject` input, or Mangopay's from client-id and environment. */
  subject: SubjectAttribute[];
  /** True when `subject` was given (client-id then only names the credential). */
  customSubject: boolean;
  keyFormat: KeyFormat;
  scope: Scope;
  names: StoredNames;
  /** A request is due when the current certificate has this many days left or fewer. */
  renewBeforeDays: number;
  dryRun: boolean;
  summary: boolean;
  /** Path to the openssl binary; undefined means find it on PATH. */
  opensslPath: string | undefined;
  /** The rotation issue (issue: true, Actions only). */
  issue: IssueSettings | undefined;
  /** Notes about inputs that were given but are not used in this mode. */
  notes: string[];
}

export interface ArtifactSettings {
  name: string;
  /** `<client-id>-<mangopay-environment>.csr`: the one file in the artifact. */
  fileName: string;
  retentionDays: number;
}

export interface RequestSettings extends CommonSettings {
  mode: 'request';
  keyType: KeyType;
  force: boolean;
  artifact: ArtifactSettings;
}

export interface PromoteSettings extends CommonSettings, PromoteInputs {
  mode: 'promote';
}

export interface CheckSettings extends CommonSettings {
  mode: 'check';
}

export interface RollbackSettings extends CommonSettings, RollbackKeys {
  mode: 'rollback';
}

/** The modes that work on the store (GitHub's secrets and variables, or the CLI's folder). */
export type StoreSettings = RequestSettings | PromoteSettings | CheckSettings | RollbackSettings;
export type Settings = StoreSettings | ExportSettings;

export interface ReadContext {
  /** True inside GitHub Actions: the pending key is an input and certificate-file must be in the workspace. */
  inActions: boolean;
  /** GITHUB_WORKSPACE (Actions) or the current directory (CLI): relative paths resolve against it. */
  workspace: string;
  /** Registers a value with the log masker before anything can print it. */
  mask(value: string): void;
  /** GITHUB_REPOSITORY: where the rotation issue lives. */
  workflowRepository?: string;
}

// GitHub's rule for secret and variable names.
const STORED_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** '.' and '..' become path steps in a URL or a file path. */
export const DOT_SEGMENT = /^\.\.?$/;
// Characters @actions/artifact refuses in an artifact name.
const ARTIFACT_NAME_FORBIDDEN = /[":<>|*?\\/\r\n]/;

/** Call before reading anything else: the token and every form of the keys given as inputs. */
export function maskSecretInputs(read: InputReader, mask: (value: string) => void): void {
  for (const name of ['github-token', 'issue-token'] as const) {
    const token = read(name).trim();
    if (token !== '') mask(token);
  }
  const keys = ['pending-private-key', 'current-private-key', 'private-key', 'previous-private-key'] as const;
  for (const form of sensitiveForms(...keys.map((name) => read(name)))) mask(form);
}

export function readSettings(read: InputReader, context: ReadContext): Settings {
  maskSecretInputs(read, (value) => context.mask(value));
  const inputs = new Inputs(read);
  const settings = readModeSettings(inputs, context);
  const candidates = Object.keys(INPUTS).filter(isInputName);
  for (const name of inputs.ignored(candidates.filter((name) => !GITHUB_INPUTS.has(name)))) {
    settings.notes.push(`Input '${name}' is not used in mode ${settings.mode}; it was ignored.`);
  }
  return settings;
}

/** Inputs about GitHub itself, read by readGitHubSettings, not by the protocol. */
const GITHUB_INPUTS = new Set<InputName>(['github-token', 'repository', 'github-api-url']);

function isInputName(name: string): name is InputName {
  return name in INPUTS;
}

function readModeSettings(inputs: Inputs, context: ReadContext): Settings {
  const mode = inputs.oneOf('mode', MODES);
  // export needs no client-id, token or stored names: only the pairs it hands out (settings/export.ts).
  if (mode === 'export') {
    const folder = () => ({ names: readStoredNames(inputs), scope: readScope(inputs) });
    return readExportSettings(inputs, { inActions: context.inActions, folder });
  }
  const common = readCommon(inputs, context);
  switch (mode) {
    case 'request':
      return {
        mode,
        ...common,
        keyType: inputs.oneOf('key-type', KEY_TYPES),
        force: inputs.boolean('force'),
        artifact: readArtifact(inputs, common),
      };
    case 'promote':
      return { mode, ...common, ...readPromoteInputs(inputs, context, common.names) };
    case 'check':
      return { mode, ...common };
    case 'rollback':
      return { mode, ...common, ...readRollbackKeys(inputs, context, common.names) };
  }
}

function readCommon(inputs: Inputs, context: ReadContext): CommonSettings {
  const mangopayEnvironment = inputs.oneOf('mangopay-environment', MANGOPAY_ENVIRONMENTS);
  const custom = parseSubject(inputs.text('subject', MAX_SUBJECT_INPUT_LENGTH));
  const clientId = inputs.text('client-id');
  const clientIdError = custom
    ? customClientIdProblem(clientId)
    : clientIdProblem(clientId, mangopayEnvironment);
  if (clientIdError) throw new InputError('client-id', clientIdError);
  return {
    clientId,
    mangopayEnvironment,
    subject: custom ?? subjectAttributes(clientId, mangopayEnvironment),
    customSubject: custom !== undefined,
    keyFormat: inputs.oneOf('key-format', KEY_FORMATS),
    scope: readScope(inputs),
    names: readStoredNames(inputs),
    renewBeforeDays: inputs.integer('renew-before-days', 0, 365),
    dryRun: inputs.boolean('dry-run'),
    summary: inputs.boolean('summary'),
    opensslPath: inputs.text('openssl-path') || undefined,
    issue: readIssue(inputs, context),
    notes: [],
  };
}

function readIssue(inputs: Inputs, context: ReadContext): IssueSettings | undefined {
  if (context.inActions)
    return readIssueSettings(inputs, context.workflowRepository, (value) => context.mask(value));
  if (inputs.boolean('issue')) {
    throw new InputError(
      'issue',
      'needs GitHub Actions: the command-line twin has no issue tracker; track the request by hand',
    );
  }
  return undefined;
}

/** With `subject`, client-id only names the credential (artifact file): the general pattern, a file-name length. */
function customClientIdProblem(clientId: string): string | undefined {
  if (clientId === '') return 'is required (it names the credential, e.g. the CSR file)';
  if (!CLIENT_ID_PATTERN.test(clientId)) {
    return 'expected letters, digits, "-" and "_" only, starting with a letter or digit';
  }
  if (clientId.length > 200) return `is ${clientId.length} characters; at most 200 are accepted`;
  return undefined;
}

function readArtifact(
  inputs: Inputs,
  common: Pick<CommonSettings, 'clientId' | 'mangopayEnvironment'>,
): ArtifactSettings {
  const name = inputs.text('artifact-name', 256) || `mangopay-mtls-csr-${common.mangopayEnvironment}`;
  if (ARTIFACT_NAME_FORBIDDEN.test(name) || DOT_SEGMENT.test(name)) {
    throw new InputError(
      'artifact-name',
      'must not be "." or ".." nor contain any of " : < > | * ? \\ / or line breaks',
    );
  }
  return {
    name,
    fileName: `${common.clientId}-${common.mangopayEnvironment}.csr`,
    retentionDays: inputs.integer('artifact-retention-days', 1, 90),
  };
}

function storedName(inputs: Inputs, name: InputName): string {
  const value = inputs.value(name, 200);
  if (!STORED_NAME.test(value) || /^GITHUB_/i.test(value)) {
    throw new InputError(
      name,
      `expected letters, digits and "_", not starting with a digit or GITHUB_ (GitHub's rule for secret and variable names); got "${printable(value)}"`,
    );
  }
  return value.toUpperCase();
}

function readStoredNames(inputs: Inputs): StoredNames {
  const keySecret = storedName(inputs, 'key-secret');
  const certificateVariable = storedName(inputs, 'certificate-variable');
  const csrVariable = storedName(inputs, 'csr-variable');
  const previousCertificateVariable = `${certificateVariable}_PREVIOUS`;
  if (csrVariable === certificateVariable || csrVariable === previousCertificateVariable) {
    throw new InputError(
      'csr-variable',
      `must differ from ${certificateVariable} and ${previousCertificateVariable}`,
    );
  }
  return {
    keySecret,
    pendingKeySecret: `${keySecret}_PENDING`,
    previousKeySecret: `${keySecret}_PREVIOUS`,
    certificateVariable,
    previousCertificateVariable,
    csrVariable,
  };
}
