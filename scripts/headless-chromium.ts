import { chromium, type Browser } from "playwright-core";

/**
 * Debian's Chromium, headless, with nothing of its own reaching the network (on a closed
 * network its background services fail by the dozen). Used by the Studio check and the
 * cross-site browser test. `CHROMIUM_PATH` names another binary. @default /usr/bin/chromium
 */
export function launchHeadlessChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
