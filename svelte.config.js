import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * Where the app may connect: its own origin ('self' covers /signal over ws: or wss:, and
 * everything else the server offers), plus signaling or relay hosts the operator names at build
 * time, e.g. KEPT_CONNECT_SRC="wss://signal.example.org https://relay.example.org".
 */
const connectSrc = [
	'self',
	...(process.env.KEPT_CONNECT_SRC ?? '').split(/[\s,]+/).filter(Boolean)
];

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
				'connect-src': connectSrc,
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
