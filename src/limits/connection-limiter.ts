/** Counts open connections per IP address and refuses past `maxPerIp` (0: no cap). */
export class ConnectionLimiter {
  readonly #maxPerIp: number;
  readonly #open = new Map<string, number>();

  constructor(maxPerIp: number) {
    this.#maxPerIp = maxPerIp;
  }

  /** Counts one more connection from `address`; returns its release, or undefined when full. */
  tryOpen(address: string): (() => void) | undefined {
    const open = this.#open.get(address) ?? 0;
    if (this.#maxPerIp > 0 && open >= this.#maxPerIp) return undefined;
    this.#open.set(address, open + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#open.get(address) ?? 1) - 1;
      if (left > 0) this.#open.set(address, left);
      else this.#open.delete(address);
    };
  }

  openFrom(address: string): number {
    return this.#open.get(address) ?? 0;
  }
}
