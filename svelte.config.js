import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// Type-check and lint the server, the browser tests and their config with the app.
		typescript: {
			config: (config) => {
				config.include.push(
					'../server/**/*.ts',
					'../tests/**/*.ts',
					'../scripts/**/*.ts',
					'../playwright.config.ts'
				);
				return config;
			}
		},
		adapter: adapter({ fallback: 'index.html', precompress: true }),
		// A strict policy: no inline script can run, whatever a peer sends.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self', 'wasm-unsafe-eval'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'connect-src': ['self', 'ws:', 'wss:'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['none'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
