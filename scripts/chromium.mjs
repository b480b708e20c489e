// Finds the Chromium the browser tests drive. Playwright cannot download its own here.
import { existsSync } from 'node:fs';

const candidates = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The path of a usable Chromium, or null. */
export function findChromium() {
	return candidates.find((p) => p && existsSync(p)) ?? null;
}

/** What to tell someone who has none. */
export const howToGetChromium = `Kept's browser tests need Chromium, and none was found.
Install it with:
    sudo apt-get update && sudo apt-get install -y chromium
(or set CHROMIUM=/path/to/chromium), then run npm test again.`;
