/** Redis for the tests that need it, or `undefined` (the caller skips and says why). */
export const TEST_REDIS_URL = process.env["TEST_REDIS_URL"] || undefined;

/** Why there is none: the reason test/utils/find-local-services.ts found, or the bare fact. */
export const REDIS_SKIP_REASON = `${process.env["TEST_REDIS_SKIPPED"] ?? "TEST_REDIS_URL is not set"}: Redis tests skipped`;
