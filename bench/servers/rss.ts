import fs from "node:fs";

/** Resident set size of a process in KiB (`VmRSS` of `/proc/<pid>/status`); `undefined` once it is gone. */
export function readRssKb(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

export interface RssSummary {
  peakKb: number;
  endKb: number;
  samples: number;
}

/** Samples a process's RSS every `intervalMs` until `stop()`, which returns peak and last sample. */
export function sampleRss(pid: number, intervalMs = 250): { stop(): RssSummary } {
  let peakKb = 0;
  let endKb = 0;
  let samples = 0;
  const sample = () => {
    const kb = readRssKb(pid);
    if (kb === undefined) return;
    peakKb = Math.max(peakKb, kb);
    endKb = kb;
    samples++;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return { peakKb, endKb, samples };
    },
  };
}
