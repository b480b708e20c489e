import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vitest/config';

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
			kit: { adapterFallback: 'index.html', spa: true },
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
					include: ['src/**/*.spec.ts', 'server/**/*.spec.ts'],
					exclude: ['src/**/*.svelte.spec.ts']
				}
			}
		]
	}
});
