/**
 * A run's writes as data: request and promote each build a plan, then a dry run describes it, a real run
 * applies it in order, and a failure reports exactly which steps were done and which were not.
 */
import { errorText } from '../domain/errors.js';
import type { CredentialStore, SealedSecret } from '../ports/store.js';

export type WriteStep =
  | { kind: 'put-secret'; name: string; sealed: SealedSecret }
  /** `exists` is what the run read before (it picks create or update without asking). */
  | { kind: 'set-variable'; name: string; value: string; exists: boolean }
  | { kind: 'delete-secret'; name: string }
  | { kind: 'delete-variable'; name: string };

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

/** Applies the steps in order; the first failure stops the plan and says what was and was not done. */
export async function applyPlan(plan: WriteStep[], ports: { store: CredentialStore }): Promise<void> {
  for (const [index, step] of plan.entries()) {
    try {
      await applyStep(step, ports.store);
    } catch (reason) {
      throw new PlanFailure(plan.slice(0, index), step, plan.slice(index + 1), reason);
    }
  }
}

async function applyStep(step: WriteStep, store: CredentialStore): Promise<void> {
  switch (step.kind) {
    case 'put-secret':
      return store.putSecret(step.name, step.sealed);
    case 'set-variable':
      return store.setVariable(step.name, step.value, step.exists);
    case 'delete-secret':
      await store.deleteSecret(step.name);
      return;
    case 'delete-variable':
      await store.deleteVariable(step.name);
      return;
  }
}
