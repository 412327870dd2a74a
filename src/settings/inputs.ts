/**
 * Reading raw inputs by their declared names (src/settings/inputs.generated.ts, from action.yml): trimmed, bounded,
 * without control characters, with action.yml's default when empty. Every error names the input.
 */
import { InputError } from '../domain/errors.js';
import { INPUTS, type InputName } from './inputs.generated.js';

export { INPUTS, type InputName };

/** Reads one raw input; '' when not given (core.getInput in Actions, a flag in the CLI). */
export type InputReader = (name: InputName) => string;

const MAX_INPUT_LENGTH = 4096;
const TRUE_VALUES = ['true', 'True', 'TRUE'];
const FALSE_VALUES = ['false', 'False', 'FALSE'];

/** The default action.yml declares, unless it is an expression the runner fills in (`${{ … }}`). */
export function declaredDefault(name: InputName): string {
  const value: string = INPUTS[name].default;
  return value.includes('${{') ? '' : value;
}

/** Typed access to the inputs that remembers which ones were read, to tell which were given in vain. */
export class Inputs {
  private readonly used = new Set<InputName>();

  constructor(private readonly read: InputReader) {}

  /** The raw value, untrimmed (keys and certificates keep their own whitespace rules). */
  raw(name: InputName): string {
    this.used.add(name);
    return this.read(name);
  }

  /** The trimmed value; '' when not given. */
  text(name: InputName, max = MAX_INPUT_LENGTH): string {
    const value = this.raw(name).trim();
    if (value.length > max)
      throw new InputError(name, `is ${value.length} characters long; at most ${max} are accepted`);
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value)) {
      throw new InputError(name, 'contains control characters');
    }
    return value;
  }

  /** The trimmed value, or action.yml's default when empty. */
  value(name: InputName, max?: number): string {
    return this.text(name, max) || declaredDefault(name);
  }

  oneOf<T extends string>(name: InputName, allowed: readonly T[]): T {
    const value = this.value(name);
    const match = allowed.find((candidate) => candidate === value);
    if (match !== undefined) return match;
    throw new InputError(name, `expected one of ${allowed.join(', ')}; got "${printable(value)}"`);
  }

  boolean(name: InputName): boolean {
    const value = this.value(name);
    if (TRUE_VALUES.includes(value)) return true;
    if (FALSE_VALUES.includes(value)) return false;
    throw new InputError(name, `expected true or false; got "${printable(value)}"`);
  }

  integer(name: InputName, min: number, max: number): number {
    const value = this.value(name);
    const number = /^\d{1,6}$/.test(value) ? Number(value) : NaN;
    if (!Number.isInteger(number) || number < min || number > max) {
      throw new InputError(name, `expected a whole number from ${min} to ${max}; got "${printable(value)}"`);
    }
    return number;
  }

  /**
   * Inputs given (not empty, not action.yml's default, which the runner always passes) that this mode never
   * read: worth a note, since the user probably expected them to do something.
   */
  ignored(candidates: readonly InputName[]): InputName[] {
    return candidates.filter((name) => {
      // An expression default (`${{ github.token }}`) arrives filled in: given or not looks the same.
      if (this.used.has(name) || INPUTS[name].default.includes('${{')) return false;
      const value = this.read(name).trim();
      return value !== '' && value !== declaredDefault(name);
    });
  }
}

/** A short, safe rendering of a bad value for an error message. */
export function printable(value: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > 60 ? `${clean.slice(0, 57)}...` : clean;
}
