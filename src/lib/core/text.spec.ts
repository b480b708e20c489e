import { describe, expect, it } from 'vitest';
import { cleanLine, cleanText, cutAt, isTooLong, tidy } from './text';

describe('one way to keep text', () => {
	it('stores line ends as \\n, drops control characters and mends lone surrogates', () => {
		expect(cleanText('a\r\nb\u0007c\uD800')).toBe('a\nbc\uFFFD');
	});

	it('trims finished text and folds it onto one line when asked', () => {
		expect(cleanLine('  we talked\n about it  ', true)).toBe('we talked about it');
		expect(cleanLine(42)).toBe('');
	});

	it('cuts only between whole characters', () => {
		expect(cutAt('ab👍🏽', 3)).toBe('ab');
		expect(tidy(' abcdef ', 3)).toBe('abc');
	});

	it('counts the cleaned text when deciding a text is too long', () => {
		expect(isTooLong('  abc  ', 3)).toBe(false);
		expect(isTooLong('abcd', 3)).toBe(true);
		expect(isTooLong(undefined, 3)).toBe(false);
	});
});
