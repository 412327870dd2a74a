/**
 * Every input read into one typed, validated settings object per mode, once per run. All validation lives
 * in settings/: each error names the input and the form it expects, and nothing has been written or run
 * when one is thrown. The action also gets what it needs to reach GitHub; the CLI has no GitHub side.
 */
import { InputError } from '../domain/errors.js';
import { readGitHubSettings, type GitHubSettings } from './github.js';
import { readIssueSettings, type IssueSettings } from './issue.js';
import type { ActionHost, Host } from './host.js';
import { isDotSegment } from '../domain/github-names.js';
import { INPUTS, Inputs, type InputName, type InputReader } from './inputs.js';
import { sensitiveForms } from '../domain/pem.js';
import {
  readPromoteInputs,
  readReconcileInputs,
  readRollbackKeys,
  type RollbackKeys,
  type GivenCertificate,
  type PromoteInputs,
  type ReconcileInputs,
} from './promote.js';
import { actionMode, cliMode, COMMENT_NEEDS_ISSUE } from './route.js';
import { readActionExport, readCliExport, type ExportOfPairs, type ExportSettings } from './export.js';
import { readStoredNames } from './names.js';
import { readScope } from './scope.js';
import {
  clientIdProblem,
  CLIENT_ID_PATTERN,
  subjectAttributes,
  type SubjectAttribute,
} from '../domain/subject.js';
import { MAX_SUBJECT_INPUT_LENGTH, parseSubject } from './subject.js';
import {
  KEY_FORMATS,
  KEY_TYPES,
  MANGOPAY_ENVIRONMENTS,
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
  /** With the rotation issue: what promoting a certificate found on it takes (reconcile). */
  reconcile: ReconcileInputs | undefined;
}

export interface PromoteSettings extends CommonSettings, PromoteInputs {
  mode: 'promote';
}

/** Promote once the certificate is in hand (from an input, or taken from the event's comment). */
export type PromoteWithCertificate = PromoteSettings & { certificate: GivenCertificate };

export interface CheckSettings extends CommonSettings {
  mode: 'check';
}

export interface RollbackSettings extends CommonSettings, RollbackKeys {
  mode: 'rollback';
}

/** The modes that work on the store (GitHub's secrets and variables, or the CLI's folder). */
export type StoreSettings = RequestSettings | PromoteSettings | CheckSettings | RollbackSettings;
export type Settings = StoreSettings | ExportSettings;

/** Read once per run: the mode's settings, how to reach GitHub (export never does), the rotation issue. */
export type ActionSettings =
  | { kind: 'store'; settings: StoreSettings; github: GitHubSettings; issue: IssueSettings | undefined }
  | { kind: 'export'; settings: ExportOfPairs };

// Characters @actions/artifact refuses in an artifact name.
const ARTIFACT_NAME_FORBIDDEN = /[":<>|*?\\/\r\n]/;

/** Call before reading anything else: the tokens and every form of the keys given as inputs. */
export function maskSecretInputs(read: InputReader, mask: (value: string) => void): void {
  for (const name of ['github-token', 'issue-token'] as const) {
    const token = read(name).trim();
    if (token !== '') mask(token);
  }
  const keys = ['pending-private-key', 'current-private-key', 'private-key', 'previous-private-key'] as const;
  for (const form of sensitiveForms(...keys.map((name) => read(name)))) mask(form);
}

/** The action's one read of its inputs: masks the secrets first, then reads and checks everything. */
export function readActionSettings(read: InputReader, host: ActionHost): ActionSettings {
  maskSecretInputs(read, (value) => host.mask(value));
  const inputs = new Inputs(read);
  const mode = actionMode(inputs, host, inputs.boolean('issue'));
  // The deploy job's step: no token, no client-id, no GitHub call (settings/export.ts).
  if (mode === 'export') return exportOnly(inputs);
  const github = readGitHubSettings(inputs);
  const issue = readIssueSettings(inputs, host.workflowRepository);
  const settings = readStoreSettings(inputs, host, mode, issue);
  if (settings.mode === 'promote' && settings.certificate.kind === 'comment' && issue === undefined)
    throw new InputError('issue', COMMENT_NEEDS_ISSUE);
  noteIgnored(inputs, settings);
  return { kind: 'store', settings, github, issue };
}

/** The command line's read: no GitHub side, no rotation issue. */
export function readCliSettings(read: InputReader, host: Extract<Host, { kind: 'cli' }>): Settings {
  maskSecretInputs(read, (value) => host.mask(value));
  const inputs = new Inputs(read);
  if (inputs.boolean('issue')) {
    throw new InputError(
      'issue',
      'needs GitHub Actions: the command-line twin has no issue tracker; track the request by hand',
    );
  }
  const mode = cliMode(inputs);
  const settings =
    mode === 'export' ? readCliExport(inputs) : readStoreSettings(inputs, host, mode, undefined);
  noteIgnored(inputs, settings);
  return settings;
}

function noteIgnored(inputs: Inputs, settings: Settings): void {
  const candidates = Object.keys(INPUTS).filter(isInputName);
  for (const name of inputs.ignored(candidates.filter((name) => !GITHUB_INPUTS.has(name)))) {
    settings.notes.push(`Input '${name}' is not used in mode ${settings.mode}; it was ignored.`);
  }
}

/** Inputs about GitHub itself, read in every mode of the action and never by the CLI. */
const GITHUB_INPUTS = new Set<InputName>(['github-token', 'repository', 'github-api-url']);

function isInputName(name: string): name is InputName {
  return name in INPUTS;
}

function exportOnly(inputs: Inputs): ActionSettings {
  const settings = readActionExport(inputs);
  noteIgnored(inputs, settings);
  return { kind: 'export', settings };
}

function readStoreSettings(
  inputs: Inputs,
  host: Host,
  mode: StoreSettings['mode'],
  issue: IssueSettings | undefined,
): StoreSettings {
  const common = readCommon(inputs);
  switch (mode) {
    case 'request':
      return {
        mode,
        ...common,
        keyType: inputs.oneOf('key-type', KEY_TYPES),
        force: inputs.boolean('force'),
        artifact: readArtifact(inputs, common),
        reconcile: issue === undefined ? undefined : readReconcileInputs(inputs),
      };
    case 'promote':
      return { mode, ...common, ...readPromoteInputs(inputs, host, common.names) };
    case 'check':
      return { mode, ...common };
    case 'rollback':
      return { mode, ...common, ...readRollbackKeys(inputs, host, common.names) };
  }
}

function readCommon(inputs: Inputs): CommonSettings {
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
    notes: [],
  };
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
  if (ARTIFACT_NAME_FORBIDDEN.test(name) || isDotSegment(name)) {
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
