import { describe, expect, test } from 'vitest';
import { clampText, exampleLines, headingOf, HEADING_MAX, MAX_EXAMPLES, toPlainText } from './text';
import { describeTimeline, readTimeline } from './timeline';
import { clockTime } from '../core/time';

const gb = (t: string) => clockTime(t, 'en-GB');
const us = (t: string) => clockTime(t, 'en-US');

describe('text', () => {
	test('an enormous paste is clamped to the field’s limit, with a calm message', () => {
		const paste = 'Lorem ipsum dolor sit amet. '.repeat(40_000); // ~1.1 MB
		const result = clampText('commitment', paste);
		expect(result.text).toBe(paste.slice(0, 500));
		expect(result).toMatchObject({
			clamped: true,
			message: 'This field holds up to 500 characters, so we kept the first 500.'
		});
		expect(clampText('consequence', paste).text).toHaveLength(2000);
	});

	test('text within the limit is kept as it is, with no message', () => {
		expect(clampText('commitment', 'Call at 8 pm 📞')).toEqual({
			text: 'Call at 8 pm 📞',
			clamped: false,
			message: null
		});
	});

	test('clamping never cuts an emoji or a right-to-left word’s marks in half', () => {
		const family = '👩‍👩‍👧‍👦'; // 11 UTF-16 units, one grapheme
		const text = 'a'.repeat(495) + family;
		expect(clampText('commitment', text).text).toBe('a'.repeat(495));
		const flag = '🇵🇸'; // two regional indicators, four units
		expect(clampText('commitment', 'b'.repeat(498) + flag).text).toBe('b'.repeat(498));
		const hebrew = 'ש'.repeat(499) + 'שָׁ'; // a letter with two combining points at the end
		expect(clampText('commitment', hebrew).text).toBe('ש'.repeat(499));
	});

	test('examples keep at most 20 lines', () => {
		const lines = Array.from({ length: 30 }, (_, i) => `Example ${i + 1}`);
		const result = clampText('examples', lines.join('\n'));
		expect(result.text.split('\n')).toEqual(lines.slice(0, MAX_EXAMPLES));
		expect(result.message).toBe(
			'This holds up to 20 examples, one per line, so we kept the first 20.'
		);
	});

	test('control characters go, line ends become \\n, tabs stay; notes and titles are one line', () => {
		expect(clampText('action', 'a\u0000b\u0007c\r\nd\re\tf\u0085g\u2028h').text).toBe(
			'abc\nd\ne\tfg\nh'
		);
		expect(clampText('note', 'Because\r\n  of Sunday').text).toBe('Because of Sunday');
		// A lone surrogate cannot be encoded; it becomes the replacement character.
		expect(clampText('why', 'x\uD83Dy').text).toBe('x\uFFFDy');
	});

	test('pasted text is made plain', () => {
		expect(toPlainText('\uFEFFCall\u00A0at\u202F8\u200B pm\r\n👨‍👩‍👧')).toBe('Call at 8 pm\n👨‍👩‍👧');
	});

	test('examples are read one per line, blank lines skipped', () => {
		expect(exampleLines(' Texted from the train \n\n\tCalled when late\n')).toEqual([
			'Texted from the train',
			'Called when late'
		]);
	});
});

describe('timeline', () => {
	test('describes each cadence in plain words', () => {
		expect(describeTimeline({ kind: 'daily', byTime: '20:00' }, gb)).toBe('Daily by 20:00');
		expect(describeTimeline({ kind: 'daily', byTime: '20:00' }, us)).toBe('Daily by 8:00 PM');
		expect(describeTimeline({ kind: 'daily' })).toBe('Daily');
		expect(describeTimeline({ kind: 'timesPerWeek', times: 3 })).toBe('3 times a week');
		expect(describeTimeline({ kind: 'timesPerWeek', times: 1 })).toBe('Once a week');
		expect(describeTimeline({ kind: 'timesPerWeek', times: 2, byTime: '09:00' }, gb)).toBe(
			'Twice a week by 09:00'
		);
		expect(describeTimeline({ kind: 'weekly', weekday: 0 })).toBe('Every Sunday');
		expect(describeTimeline({ kind: 'weekly', weekday: 5, byTime: '18:30' }, gb)).toBe(
			'Every Friday by 18:30'
		);
		expect(describeTimeline({ kind: 'always' })).toBe('Always');
		expect(describeTimeline(null)).toBe('No timeline yet');
	});

	test('reads valid timelines in a fixed key order and refuses malformed ones', () => {
		expect(
			JSON.stringify(readTimeline({ byTime: '07:05', kind: 'weekly', weekday: 2, extra: 1 }))
		).toBe('{"kind":"weekly","weekday":2,"byTime":"07:05"}');
		expect(readTimeline({ kind: 'daily', byTime: '24:00' })).toEqual({ kind: 'daily' });
		expect(readTimeline({ kind: 'timesPerWeek', times: 12 })).toEqual({
			kind: 'timesPerWeek',
			times: 7
		});
		expect(readTimeline({ kind: 'timesPerWeek', times: 0 })).toBeNull();
		expect(readTimeline({ kind: 'timesPerWeek', times: 2.5 })).toBeNull();
		expect(readTimeline({ kind: 'weekly', weekday: 7 })).toBeNull();
		expect(readTimeline({ kind: 'monthly' })).toBeNull();
		expect(readTimeline('daily')).toBeNull();
		expect(readTimeline(undefined)).toBeNull();
	});
});

describe('a commitment as a heading', () => {
	test('short ones stay whole; long ones end at a word with "…" and say they were shortened', () => {
		expect(headingOf('  Call at 8 pm  ')).toEqual({ text: 'Call at 8 pm', shortened: false });
		const long = headingOf('We will talk. '.repeat(15_000));
		expect(long.shortened).toBe(true);
		expect(long.text.length).toBeLessThanOrEqual(HEADING_MAX + 1);
		expect(long.text).toMatch(/talk\.…$|We…$|will…$/);
		expect(headingOf('x'.repeat(HEADING_MAX)).shortened).toBe(false);
	});
});
