import { readFileSync } from 'node:fs';
import { describe, expect, test, vi } from 'vitest';
import { printFailures, runGroups } from './groups';
import type { Row } from './stats';

describe('benchmark groups', () => {
	test('one failing group reports its error and leaves the other groups’ figures standing', async () => {
		vi.spyOn(console, 'error').mockImplementation(() => undefined);
		const rows: Row[] = [];
		const failures = await runGroups(
			[
				['load', async () => void rows.push({ name: 'first load', value: 120, unit: 'ms' })],
				['lighthouse', () => Promise.reject(new Error('Lighthouse failed: no Chrome'))],
				['signal', async () => void rows.push({ name: 'relay p50', value: 2, unit: 'ms' })]
			],
			[],
			rows
		);
		expect(rows.map((r) => [r.name, r.command])).toEqual([
			['first load', 'npm run bench -- load'],
			['relay p50', 'npm run bench -- signal']
		]);
		expect(failures).toEqual([
			{
				group: 'lighthouse',
				command: 'npm run bench -- lighthouse',
				error: 'Lighthouse failed: no Chrome'
			}
		]);
		const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
		printFailures(failures);
		expect(log.mock.calls.flat().join('\n')).toContain('Lighthouse failed: no Chrome');
		vi.restoreAllMocks();
	});

	test('only the groups asked for run', async () => {
		const ran: string[] = [];
		const group = (name: string): [string, () => Promise<void>] => [
			name,
			async () => void ran.push(name)
		];
		expect(await runGroups([group('load'), group('latency')], ['latency'], [])).toEqual([]);
		expect(ran).toEqual(['latency']);
	});

	test('Lighthouse is pinned to an exact version, installed with the rest by npm ci', () => {
		const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
		const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
		expect(pkg.devDependencies.lighthouse).toMatch(/^\d+\.\d+\.\d+$/);
		expect(lock.packages['node_modules/lighthouse']).toMatchObject({
			version: pkg.devDependencies.lighthouse,
			dev: true
		});
	});
});
