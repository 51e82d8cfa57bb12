import { describe, expect, it } from "vitest";
import { createCircuitBreaker } from "../../src/ai/circuit-breaker.ts";
import { parseRetryAfter } from "../../src/ai/llm/llm-failure.ts";

describe("circuit breaker", () => {
  it("should open after the threshold of consecutive failures", () => {
    const breaker = createCircuitBreaker({ failureThreshold: 2, now: () => 0 });
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordFailure();
    expect(breaker.state()).toBe("open");
    expect(breaker.tryAcquire()).toBe(false);
  });

  it("should let one trial call through after the open period, and reopen if it fails", () => {
    let clock = 0;
    const breaker = createCircuitBreaker({ failureThreshold: 1, openMs: 100, now: () => clock });
    breaker.recordFailure();
    clock = 100;
    expect(breaker.state()).toBe("half-open");
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.recordFailure();
    expect(breaker.state()).toBe("open");
    clock = 199;
    expect(breaker.tryAcquire()).toBe(false);
    clock = 200;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordSuccess();
    expect(breaker.state()).toBe("closed");
  });
});

describe("retry-after", () => {
  it("should read seconds, milliseconds and HTTP dates", () => {
    expect(parseRetryAfter(new Headers({ "retry-after": "2" }), 0)).toBe(2000);
    expect(parseRetryAfter(new Headers({ "retry-after-ms": "150", "retry-after": "2" }), 0)).toBe(150);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter(new Headers({ "retry-after": "Thu, 01 Jan 2026 00:00:03 GMT" }), now)).toBe(3000);
    expect(parseRetryAfter(new Headers({ "retry-after": "soon" }), 0)).toBeUndefined();
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
  });
});
