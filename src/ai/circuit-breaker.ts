/** Options of a circuit breaker. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. @default 3 */
  failureThreshold?: number;
  /** How long an open circuit refuses calls before one trial call is let through. @default 30000 */
  openMs?: number;
  /** Milliseconds clock. @default Date.now */
  now?: () => number;
  /** Told when the circuit opens or closes. @default nothing */
  onStateChange?: (state: CircuitState) => void;
}

export type CircuitState = "closed" | "open" | "half-open";

export interface CircuitBreaker {
  /** Whether a call may go out now; in half-open, only one trial call at a time. */
  tryAcquire(): boolean;
  recordSuccess(): void;
  recordFailure(): void;
  state(): CircuitState;
}

/**
 * Stops calling an LLM that keeps failing, so every turn does not wait out a time-out; the
 * caller answers offline meanwhile. After `openMs` one trial call decides: success closes the
 * circuit, failure opens it for another `openMs`.
 */
export function createCircuitBreaker(options: CircuitBreakerOptions = {}): CircuitBreaker {
  const failureThreshold = options.failureThreshold ?? 3;
  const openMs = options.openMs ?? 30_000;
  const now = options.now ?? Date.now;
  let state: CircuitState = "closed";
  let failures = 0;
  let openedAt = 0;
  let trialInFlight = false;

  function moveTo(next: CircuitState): void {
    if (next === state) return;
    state = next;
    options.onStateChange?.(next);
  }

  return {
    state: () => (state === "open" && now() - openedAt >= openMs ? "half-open" : state),
    tryAcquire() {
      if (state === "closed") return true;
      if (state === "open" && now() - openedAt < openMs) return false;
      if (trialInFlight) return false;
      moveTo("half-open");
      trialInFlight = true;
      return true;
    },
    recordSuccess() {
      failures = 0;
      trialInFlight = false;
      moveTo("closed");
    },
    recordFailure() {
      failures += 1;
      trialInFlight = false;
      if (state === "half-open" || failures >= failureThreshold) {
        openedAt = now();
        moveTo("open");
      }
    },
  };
}
