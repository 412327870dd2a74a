// Interleaved repetitions: every round runs each subject once (A B C, B C A, C A B, …), so slow phases of
// a noisy machine (other builds, CPU frequency, page cache) hit every subject alike instead of one of them.
// The starting subject rotates, so no subject always follows the same neighbour.

export interface Subject<T> {
  name: string;
  run(): Promise<T>;
}

/** results[name][round] */
export type Rounds<T> = Record<string, T[]>;

export async function interleave<T>(
  subjects: Subject<T>[],
  rounds: number,
  onRound?: (round: number, results: Rounds<T>) => void,
): Promise<Rounds<T>> {
  const results: Rounds<T> = Object.fromEntries(subjects.map((s) => [s.name, [] as T[]]));
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < subjects.length; i++) {
      const subject = subjects[(round + i) % subjects.length];
      results[subject.name].push(await subject.run());
    }
    onRound?.(round, results);
  }
  return results;
}
