import { describe, expect, it } from "vitest";
import { ChatRateLimiter } from "../../src/limits/chat-rate-limiter.ts";
import { ConnectionLimiter } from "../../src/limits/connection-limiter.ts";
import { KeyedBuckets } from "../../src/limits/keyed-buckets.ts";
import { OriginPolicy } from "../../src/limits/origin-policy.ts";
import { StrikeCounter } from "../../src/limits/strike-counter.ts";
import { TokenBucket } from "../../src/limits/token-bucket.ts";

/** A clock the test moves by hand: limits are checked exactly, without sleeping. */
function manualClock() {
  let now = 1000;
  return { clock: () => now, advance: (ms: number) => void (now += ms) };
}

const takeAll = (take: () => boolean, tries: number) => Array.from({ length: tries }, take).filter(Boolean).length;

describe("TokenBucket", () => {
  it("should let a full burst through at once and refuse the next", () => {
    const { clock } = manualClock();
    const bucket = new TokenBucket({ perSecond: 10, burst: 20 }, clock);
    expect(takeAll(() => bucket.tryTake(), 25)).toBe(20);
  });

  it("should refill at the configured rate and never above the burst", () => {
    const { clock, advance } = manualClock();
    const bucket = new TokenBucket({ perSecond: 10, burst: 20 }, clock);
    takeAll(() => bucket.tryTake(), 20);
    advance(99);
    expect(bucket.tryTake()).toBe(false);
    advance(1);
    expect(bucket.tryTake()).toBe(true);
    advance(250);
    expect(bucket.available()).toBe(2);
    advance(60_000);
    expect(bucket.available()).toBe(20);
  });

  it("should keep fractions of a token between calls", () => {
    const { clock, advance } = manualClock();
    const bucket = new TokenBucket({ perSecond: 3, burst: 1 }, clock);
    expect(bucket.tryTake()).toBe(true);
    for (let i = 0; i < 3; i++) {
      advance(111);
      expect(bucket.tryTake()).toBe(false);
    }
    advance(1);
    expect(bucket.tryTake()).toBe(true);
  });

  it("should let everything through when the rate is 0 (limit off)", () => {
    const bucket = new TokenBucket({ perSecond: 0, burst: 1 }, manualClock().clock);
    expect(takeAll(() => bucket.tryTake(), 1000)).toBe(1000);
  });
});

describe("KeyedBuckets", () => {
  it("should give every key its own bucket", () => {
    const { clock } = manualClock();
    const buckets = new KeyedBuckets({ perSecond: 1, burst: 2 }, clock);
    expect(takeAll(() => buckets.tryTake("a"), 5)).toBe(2);
    expect(takeAll(() => buckets.tryTake("b"), 5)).toBe(2);
  });

  it("should say in whole seconds when an empty key gets its next token (Retry-After)", () => {
    const { clock, advance } = manualClock();
    const buckets = new KeyedBuckets({ perSecond: 0.25, burst: 2 }, clock);
    expect(buckets.retryAfterSeconds("a")).toBe(0);
    takeAll(() => buckets.tryTake("a"), 5);
    expect(buckets.retryAfterSeconds("a")).toBe(4);
    advance(2_500);
    expect(buckets.retryAfterSeconds("a")).toBe(2);
    advance(1_499);
    expect(buckets.retryAfterSeconds("a")).toBe(1);
    advance(1);
    expect(buckets.retryAfterSeconds("a")).toBe(0);
    expect(new KeyedBuckets({ perSecond: 0, burst: 1 }, clock).retryAfterSeconds("a")).toBe(0);
  });

  it("should forget buckets that refilled, so one-off keys do not pile up", () => {
    const { clock, advance } = manualClock();
    const buckets = new KeyedBuckets({ perSecond: 1, burst: 2 }, clock);
    for (let i = 0; i < 100; i++) buckets.tryTake(`ip-${i}`);
    expect(buckets.size).toBe(100);
    advance(61_000);
    buckets.tryTake("later");
    expect(buckets.size).toBe(1);
  });
});

describe("StrikeCounter", () => {
  it("should say so once the limit of strikes falls within the window, and not before", () => {
    const { clock, advance } = manualClock();
    const strikes = new StrikeCounter(3, 10_000, clock);
    expect(strikes.strike()).toBe(false);
    advance(9_000);
    expect(strikes.strike()).toBe(false);
    advance(1_000); // the first strike has left the window
    expect(strikes.strike()).toBe(false);
    expect(strikes.strike()).toBe(true);
  });

  it("should never fire with a limit of 0", () => {
    const strikes = new StrikeCounter(0, 10_000, manualClock().clock);
    expect(Array.from({ length: 100 }, () => strikes.strike())).not.toContain(true);
  });
});

describe("ChatRateLimiter", () => {
  const settings = {
    chatPerConnection: { perSecond: 10, burst: 20 },
    chatPerIp: { perSecond: 50, burst: 30 },
    chatAbuseLimit: 5,
    chatAbuseWindowMs: 10_000,
  };

  it("should limit each connection by its own bucket", () => {
    const limiter = new ChatRateLimiter(settings, manualClock().clock);
    const gate = limiter.forConnection("10.0.0.1");
    const answers = Array.from({ length: 22 }, () => gate.admit());
    expect(answers.filter((a) => a === "accepted")).toHaveLength(20);
    expect(answers.slice(20)).toEqual(["limited", "limited"]);
  });

  it("should limit the connections of one address together, but not other addresses", () => {
    const limiter = new ChatRateLimiter(settings, manualClock().clock);
    const [a, b] = [limiter.forConnection("10.0.0.1"), limiter.forConnection("10.0.0.1")];
    const other = limiter.forConnection("10.0.0.2");
    expect(takeAll(() => a.admit() === "accepted", 15)).toBe(15);
    // b has a full bucket of its own, but the address has only 15 of its 30 left.
    expect(takeAll(() => b.admit() === "accepted", 20)).toBe(15);
    expect(other.admit()).toBe("accepted");
  });

  it("should not spend an address token on a frame its connection refused", () => {
    const limiter = new ChatRateLimiter(
      { ...settings, chatPerConnection: { perSecond: 1, burst: 1 } },
      manualClock().clock,
    );
    const a = limiter.forConnection("10.0.0.1");
    for (let i = 0; i < 4; i++) a.admit();
    const b = limiter.forConnection("10.0.0.1");
    expect(b.admit()).toBe("accepted");
    const c = limiter.forConnection("10.0.0.1");
    // 30 - a's one - b's one: 28 left for the address, so c passes too.
    expect(c.admit()).toBe("accepted");
  });

  it("should call a connection abusive after the limit of refusals within the window", () => {
    const { clock, advance } = manualClock();
    const gate = new ChatRateLimiter(
      { ...settings, chatPerConnection: { perSecond: 0.001, burst: 1 } },
      clock,
    ).forConnection("10.0.0.1");
    expect(gate.admit()).toBe("accepted");
    const answers = Array.from({ length: 5 }, () => {
      advance(100);
      return gate.admit();
    });
    expect(answers).toEqual(["limited", "limited", "limited", "limited", "abusive"]);
  });
});

describe("ConnectionLimiter", () => {
  it("should refuse past the cap per address and count a release once", () => {
    const limiter = new ConnectionLimiter(2);
    const first = limiter.tryOpen("a");
    expect(limiter.tryOpen("a")).toBeDefined();
    expect(limiter.tryOpen("a")).toBeUndefined();
    expect(limiter.tryOpen("b")).toBeDefined();
    first?.();
    first?.();
    expect(limiter.openFrom("a")).toBe(1);
    expect(limiter.tryOpen("a")).toBeDefined();
    expect(limiter.tryOpen("a")).toBeUndefined();
  });

  it("should not cap with a limit of 0", () => {
    const limiter = new ConnectionLimiter(0);
    expect(Array.from({ length: 500 }, () => limiter.tryOpen("a")).every(Boolean)).toBe(true);
  });
});

describe("OriginPolicy", () => {
  const HOST = "127.0.0.1:3000";
  it("should allow only the server's own origin without a list, and requests without Origin always", () => {
    const policy = new OriginPolicy(undefined);
    expect(policy.allows("https://evil.example", HOST)).toBe(false);
    expect(policy.allows("http://127.0.0.1:3000", HOST)).toBe(true);
    expect(policy.allows("http://127.0.0.1:8080", HOST)).toBe(false);
    expect(policy.allows("http://localhost:3000", HOST)).toBe(false);
    expect(policy.allows("https://chat.example.com", "chat.example.com")).toBe(true);
    expect(policy.allows("null", HOST)).toBe(false);
    expect(new OriginPolicy(["https://app.example"]).allows(undefined, HOST)).toBe(true);
  });

  it("should allow listed origins however they are spelled, and nothing else", () => {
    const policy = new OriginPolicy(["https://app.example", "http://localhost:3000"]);
    expect(policy.allows("https://APP.example:443", HOST)).toBe(true);
    expect(policy.allows("http://localhost:3000", HOST)).toBe(true);
    expect(policy.allows("http://localhost:3001", HOST)).toBe(false);
    expect(policy.allows("https://app.example.evil.example", HOST)).toBe(false);
    expect(policy.allows("null", HOST)).toBe(false);
    expect(policy.allows("not a url", HOST)).toBe(false);
  });
});
