import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 4183);

export default defineConfig({
	testDir: 'tests/e2e',
	timeout: 90_000,
	expect: { timeout: 15_000 },
	fullyParallel: false,
	workers: 1,
	retries: 0,
	reporter: [['list']],
	use: {
		baseURL: `http://localhost:${port}`,
		launchOptions: { executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' }
	},
	webServer: {
		command: `node --import tsx server/main.ts`,
		env: { PORT: String(port), HOST: '127.0.0.1' },
		url: `http://localhost:${port}/`,
		reuseExistingServer: false,
		timeout: 30_000
	}
});
