import { parseAllowedHosts, type AllowedHost } from "../integrations/http/allowed-hosts.ts";

/** What `http` flow blocks may reach and the secrets they may send. */
export interface HttpBlockConfig {
  /** `HTTP_BLOCK_ALLOWED_HOSTS`: hosts a flow may call. @default [] (none) */
  allowedHosts: AllowedHost[];
  /**
   * `FLOW_SECRET_<NAME>` values by `NAME`, for `{{secret.NAME}}`; nothing else of the environment
   * is readable by a flow. Empty values count as unset. @default none
   */
  secrets: ReadonlyMap<string, string>;
}

const SECRET_VARIABLE = /^FLOW_SECRET_([A-Za-z0-9_]+)$/;

/** Reads the `http` block settings; a problem names its variable, never a secret's value. */
export function readHttpBlockConfig(
  env: NodeJS.ProcessEnv,
): { ok: true; config: HttpBlockConfig } | { ok: false; problem: string } {
  const hosts = parseAllowedHosts(env["HTTP_BLOCK_ALLOWED_HOSTS"]);
  if (!hosts.ok) {
    return {
      ok: false,
      problem: `HTTP_BLOCK_ALLOWED_HOSTS: "${hosts.entry}" is not a host or host:port (comma-separated, e.g. shop.example.com,127.0.0.1:8080)`,
    };
  }
  const secrets = new Map<string, string>();
  for (const [name, value] of Object.entries(env)) {
    const secret = SECRET_VARIABLE.exec(name)?.[1];
    if (secret !== undefined && value !== undefined && value !== "") secrets.set(secret, value);
  }
  return { ok: true, config: { allowedHosts: hosts.hosts, secrets } };
}
