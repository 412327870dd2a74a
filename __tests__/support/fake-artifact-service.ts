// Entry point kept for the tests and benchmarks that import the artifact fake from here; the fake itself is
// in ./fake-artifact-service/ (see its index.ts).
export * from './fake-artifact-service/index.js';
