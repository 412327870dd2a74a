/**
 * export's inputs (shared/design.md, "The deploy job's side"): the current key and certificate and,
 * optionally, the previous pair. Keys arrive already masked (maskSecretInputs masks every form of them first).
 * In Actions every value is an input and nothing else is read (no token, no client-id); the command-line
 * twin reads from its state folder each value not given as an option.
 */
import { InputError } from '../domain/errors.js';
import type { CredentialPair } from '../domain/pair.js';
import type { Scope, StoredNames } from '../domain/types.js';
import type { InputName, Inputs } from './inputs.js';
import { readStoredNames } from './names.js';
import { readScope } from './scope.js';
import { certificatePem, MAX_PEM_INPUT_LENGTH, privateKey } from './promote.js';

/** Values given as options (normalised PEM); undefined: read it from the folder. */
export interface GivenValues {
  privateKey: string | undefined;
  certificate: string | undefined;
  previousPrivateKey: string | undefined;
  previousCertificate: string | undefined;
}

export type ExportSource =
  | { kind: 'inputs'; current: CredentialPair; previous: CredentialPair | undefined }
  | { kind: 'folder'; names: StoredNames; scope: Scope; given: GivenValues };

export type PairsSource = Extract<ExportSource, { kind: 'inputs' }>;
export type FolderSource = Extract<ExportSource, { kind: 'folder' }>;

export interface ExportSettings {
  mode: 'export';
  source: ExportSource;
  /** Warn when the handed-out certificate has this many days left or fewer. */
  renewBeforeDays: number;
  summary: boolean;
  notes: string[];
}

/** Export with the pairs in hand: every value an input (Actions), or read from the CLI's folder. */
export type ExportOfPairs = ExportSettings & { source: PairsSource };

/** The action's export needs no client-id and no stored names either: only the pairs it hands out. */
export function readActionExport(inputs: Inputs): ExportOfPairs {
  return { mode: 'export', source: inputSource(readGiven(inputs)), ...readReport(inputs) };
}

/** The command line reads from its state folder each value not given as an option. */
export function readCliExport(inputs: Inputs): ExportSettings {
  const given = readGiven(inputs);
  const source: FolderSource = {
    kind: 'folder',
    names: readStoredNames(inputs),
    scope: readScope(inputs),
    given,
  };
  return { mode: 'export', source, ...readReport(inputs) };
}

function readReport(inputs: Inputs): Pick<ExportSettings, 'renewBeforeDays' | 'summary' | 'notes'> {
  return {
    renewBeforeDays: inputs.integer('renew-before-days', 0, 365),
    summary: inputs.boolean('summary'),
    notes: [],
  };
}

function readGiven(inputs: Inputs): GivenValues {
  const key = (name: InputName) => {
    const value = inputs.raw(name);
    return value.trim() === '' ? undefined : privateKey(name, value);
  };
  const certificate = (name: InputName) => {
    const value = inputs.text(name, MAX_PEM_INPUT_LENGTH);
    return value === '' ? undefined : certificatePem(name, value);
  };
  return {
    privateKey: key('private-key'),
    certificate: certificate('certificate'),
    previousPrivateKey: key('previous-private-key'),
    previousCertificate: certificate('previous-certificate'),
  };
}

function inputSource(given: GivenValues): PairsSource {
  if (given.privateKey === undefined) {
    throw new InputError(
      'private-key',
      'is required in export mode: pass ${{ secrets.MANGOPAY_MTLS_KEY }} (PEM or base64 of PEM)',
    );
  }
  if (given.certificate === undefined) {
    throw new InputError(
      'certificate',
      'is required in export mode: pass ${{ vars.MANGOPAY_MTLS_CERT }} (PEM or base64 of PEM)',
    );
  }
  const { previousPrivateKey, previousCertificate } = given;
  if ((previousPrivateKey === undefined) !== (previousCertificate === undefined)) {
    throw new InputError(
      previousPrivateKey === undefined ? 'previous-private-key' : 'previous-certificate',
      'previous-private-key and previous-certificate go together: give both (${{ secrets.MANGOPAY_MTLS_KEY_PREVIOUS }} ' +
        'and ${{ vars.MANGOPAY_MTLS_CERT_PREVIOUS }}) or neither',
    );
  }
  return {
    kind: 'inputs',
    current: { keyPem: given.privateKey, certificatePem: given.certificate },
    previous:
      previousPrivateKey === undefined || previousCertificate === undefined
        ? undefined
        : { keyPem: previousPrivateKey, certificatePem: previousCertificate },
  };
}
