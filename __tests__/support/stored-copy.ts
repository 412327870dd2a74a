// What a fake GitHub holds at one target (plaintext secrets and variables), copied out of one fake and planted
// into another: tests start from the state a real request run left instead of running request again.
import type { FakeGitHub, Target } from './fake-github.js';

export interface StoredCopy {
  /** Plaintext of every secret at the target, by name. */
  secrets: Record<string, string>;
  /** Every variable at the target, by name. */
  variables: Record<string, string>;
}

interface SnapshotEntry {
  repository?: string;
  secrets: { name: string; plaintext?: string }[];
  variables: { name: string; value: string }[];
}

/** Everything `github` stores at the repository of `target` (its repository level; environments are nested). */
export function copyStored(github: FakeGitHub, target: Target): StoredCopy {
  const entries = (JSON.parse(github.snapshot()) as SnapshotEntry[]).filter(
    (entry) => entry.repository === target.repository,
  );
  return {
    secrets: Object.fromEntries(
      entries.flatMap((e) => e.secrets.map(({ name, plaintext }) => [name, plaintext ?? ''])),
    ),
    variables: Object.fromEntries(
      entries.flatMap((e) => e.variables.map(({ name, value }) => [name, value])),
    ),
  };
}

/** Stores `copy` in `github` at `target` (the fake seals each secret with its own key, as GitHub would). */
export function plantStored(github: FakeGitHub, copy: StoredCopy, target: Target): void {
  for (const [name, plaintext] of Object.entries(copy.secrets)) github.setSecret(target, name, plaintext);
  for (const [name, value] of Object.entries(copy.variables)) github.setVariable(target, name, value);
}
