import { describe, expect, test } from 'vitest';
import { checkPasscode, passcodeLock } from './owner-check';

describe('the Kept passcode', () => {
	test('opens only with the same passcode, and keeps no passcode, only a salted hash', async () => {
		const lock = await passcodeLock('our-quiet-harbour', 1_000);
		expect(JSON.stringify(lock)).not.toContain('harbour');
		expect(await checkPasscode(lock, 'our-quiet-harbour')).toBe(true);
		expect(await checkPasscode(lock, 'our-quiet-harbour ')).toBe(false);
		expect(await checkPasscode(lock, '')).toBe(false);
		const again = await passcodeLock('our-quiet-harbour', 1_000);
		expect(again.kind === 'passcode' && lock.kind === 'passcode' && again.hash !== lock.hash).toBe(
			true
		);
		expect(await checkPasscode({ kind: 'screen-lock', credentialId: 'x' }, 'anything')).toBe(false);
	});
});
