/**
 * A run's writes as data: request and promote each build a plan, then a dry run describes it, a real run
 * applies it in order, and a failure reports exactly which steps were done and which were not.
 */
import { errorText } from '../domain/errors.js';
import type { CsrArtifact, CsrPublisher, Publication } from '../ports/publisher.js';
import type { CredentialStore, SealedSecret } from '../ports/store.js';

export type WriteStep =
  | { kind: 'put-secret'; name: string; sealed: SealedSecret }
  /** `exists` is what the run read before (it picks create or update without asking). */
  | { kind: 'set-variable'; name: string; value: string; exists: boolean }
  | { kind: 'delete-secret'; name: string }
  | { kind: 'delete-variable'; name: string }
  | { kind: 'publish'; artifact: CsrArtifact };

export function describeStep(step: WriteStep): string {
  switch (step.kind) {
    case 'put-secret':
      return `secret ${step.name}`;
    case 'set-variable':
      return `variable ${step.name}`;
    case 'delete-secret':
      return `delete secret ${step.name}`;
    case 'delete-variable':
      return `delete variable ${step.name}`;
    case 'publish':
      return `artifact ${step.artifact.name}`;
  }
}

/** A plan stopped at `failed`: `done` were applied, `failed` and `rest` were not. */
export class PlanFailure extends Error {
  constructor(
    readonly done: WriteStep[],
    readonly failed: WriteStep,
    readonly rest: WriteStep[],
    readonly reason: unknown,
  ) {
    super(`${describeStep(failed)} failed: ${errorText(reason)}`);
    this.name = 'PlanFailure';
  }

  /** Every step not applied, the failed one first. */
  get notDone(): WriteStep[] {
    return [this.failed, ...this.rest];
  }

  /** The failure's own words (GitHub's permission-aware message), without a final period. */
  get reasonText(): string {
    return errorText(this.reason);
  }
}

export interface PlanPorts {
  store: CredentialStore;
  publisher: CsrPublisher;
}

/** Applies the steps in order; returns the publication when the plan published an artifact. */
export async function applyPlan(plan: WriteStep[], ports: PlanPorts): Promise<Publication | undefined> {
  let publication: Publication | undefined;
  for (const [index, step] of plan.entries()) {
    try {
      publication = (await applyStep(step, ports)) ?? publication;
    } catch (reason) {
      throw new PlanFailure(plan.slice(0, index), step, plan.slice(index + 1), reason);
    }
  }
  return publication;
}

async function applyStep(step: WriteStep, { store, publisher }: PlanPorts): Promise<Publication | undefined> {
  switch (step.kind) {
    case 'put-secret':
      await store.putSecret(step.name, step.sealed);
      return undefined;
    case 'set-variable':
      await store.setVariable(step.name, step.value, step.exists);
      return undefined;
    case 'delete-secret':
      await store.deleteSecret(step.name);
      return undefined;
    case 'delete-variable':
      await store.deleteVariable(step.name);
      return undefined;
    case 'publish':
      return publisher.publish(step.artifact);
  }
}
