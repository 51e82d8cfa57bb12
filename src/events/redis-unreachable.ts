/** `REDIS_URL` as it may be shown: any password replaced by `***`. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(not a valid URL)";
  }
}

/**
 * Why Redis could not be reached at start, in one line an operator can act on: which
 * `REDIS_URL` (password redacted) and the cause the socket reported (`ECONNREFUSED 127.0.0.1:6390`,
 * `ENOTFOUND redis`, a refused password), rather than ioredis's bare "Connection is closed.".
 */
export function redisUnreachableError(url: string, cause: Error | undefined): Error {
  return new Error(`cannot reach Redis at REDIS_URL=${redactRedisUrl(url)}: ${describeCause(cause)}`, { cause });
}

function describeCause(error: Error | undefined): string {
  if (!error) return "the connection closed before Redis answered";
  const { code, address, port, hostname } = error as NodeJS.ErrnoException & {
    address?: string;
    port?: number;
    hostname?: string;
  };
  if (code && address) return `${code} ${address}${port === undefined ? "" : `:${port}`}`;
  if (code && hostname) return `${code} ${hostname}`;
  return error.message;
}
