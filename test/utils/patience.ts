/**
 * How long a test helper waits for an event before it calls the wait a hang and fails, saying
 * what it saw. It is not a guess at how fast anything is: on a busy machine (a laptop building
 * something, a shared CI runner, the suite's own two workers) everything can run fifteen times
 * slower than on an idle one (creating an embedded database went from about 3 s to 45 s on a
 * two-core machine with a load average of 28), so this only bounds a hang. It stays under
 * vitest's `testTimeout` (vitest.config.ts), so the helper's message is the one reported.
 */
export const HANG_MS = 180_000;

/**
 * vitest's `testTimeout` and `hookTimeout`: a test or hook that runs longer hangs. A test is a
 * sum of waits: at a load average of 28, tests that take 5 s idle took 2 to 2.5 min.
 */
export const TEST_HANG_MS = 600_000;
