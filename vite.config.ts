import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vitest/config';

const buildRevision = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

export default defineConfig({
	plugins: [
		sveltekit(),
		SvelteKitPWA({
			base: '/',
			scope: '/',
			registerType: 'autoUpdate',
			injectRegister: false,
			strategies: 'generateSW',
			manifest: false,
			kit: {
				adapterFallback: 'index.html',
				// The plugin would read SvelteKit's version.json for this revision, which is not always
				// written yet when it runs; a revision per build is all the service worker needs.
				spa: { fallbackRevision: () => Promise.resolve(buildRevision) }
			},
			workbox: {
				clientsClaim: true,
				skipWaiting: true,
				globPatterns: ['client/**/*.{js,css,ico,png,svg,webp,webmanifest,woff2}'],
				navigateFallback: '/index.html',
				navigateFallbackDenylist: [/^\/signal/]
			}
		})
	],
	build: { target: 'es2022' },
	test: {
		expect: { requireAssertions: true },
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					environment: 'node',
					include: ['src/**/*.spec.ts', 'server/**/*.spec.ts', 'scripts/**/*.spec.ts'],
					exclude: ['src/**/*.svelte.spec.ts']
				}
			}
		]
	}
});
