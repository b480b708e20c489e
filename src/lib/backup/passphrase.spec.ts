import { expect, test } from 'vitest';
import { PASSPHRASE_MIN, passphraseProblem, suggestPassphrase } from './passphrase';

test('a passphrase must be long enough and typed the same twice', () => {
	expect(passphraseProblem('short', 'short')).toMatch(/at least/);
	expect(passphraseProblem(' '.repeat(PASSPHRASE_MIN), ' '.repeat(PASSPHRASE_MIN))).toMatch(
		/spaces/
	);
	expect(passphraseProblem('quiet river morning', 'quiet river mornin')).toMatch(/different/);
	expect(passphraseProblem('quiet river morning', 'quiet river morning')).toBeNull();
});

test('suggested passphrases are long, pronounceable and different each time', () => {
	const seen = new Set(Array.from({ length: 50 }, () => suggestPassphrase()));
	expect(seen.size).toBe(50);
	for (const p of seen) {
		expect(p).toMatch(/^([bdfghjklmnprstvz][aeiou]){2}(-([bdfghjklmnprstvz][aeiou]){2}){5}$/);
		expect(passphraseProblem(p, p)).toBeNull();
	}
});
