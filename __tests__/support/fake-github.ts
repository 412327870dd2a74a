// Entry point kept for the tests and benchmarks that import the GitHub fake from here; the fake itself is in
// ./fake-github/ (see its index.ts).
export * from './fake-github/index.js';
