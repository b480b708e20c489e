import { describe, expect, test } from 'vitest';
import { hintsFor } from './hints';

const OBSERVABLE =
	'Could this name something your partner could notice? For example: “Text when I leave work, by 6 pm.”';

describe('hintsFor', () => {
	test('vague commitments get a gentle nudge toward an observable action', () => {
		expect(hintsFor('Be better at communicating', { kind: 'daily', byTime: '20:00' })).toEqual([
			{ id: 'observable-action', message: OBSERVABLE, phrases: ['Be better'] }
		]);
		const cases: [string, string[]][] = [
			['I’ll try to call more often', ['I’ll try to', 'more often']],
			["I'll try harder", ["I'll try"]],
			['Be more present at dinner', ['Be more']],
			['Always be honest', ['Always be']],
			['Never  again lie about money', ['Never  again']],
			['Spend more time together when I can', ['more time', 'when I can']]
		];
		for (const [commitment, phrases] of cases) {
			const [hint] = hintsFor(commitment, { kind: 'daily', byTime: '08:00' });
			expect(hint, commitment).toMatchObject({ id: 'observable-action', phrases });
		}
	});

	test('the wording fits the kind of vagueness, and stays warm', () => {
		const [effort] = hintsFor('Try to listen', { kind: 'daily', byTime: '21:00' });
		expect(effort.message).toMatch(/^Trying is hard to see from the outside\. /);
		const [absolute] = hintsFor('Never again forget', { kind: 'daily', byTime: '21:00' });
		expect(absolute.message).toMatch(/^That is a big promise to hold every day\. /);
	});

	test('precise commitments with a timeline get no hints', () => {
		expect(hintsFor('Text when I leave work, by 6 pm', { kind: 'daily', byTime: '18:00' })).toEqual(
			[]
		);
		expect(hintsFor('Walk together', { kind: 'timesPerWeek', times: 3 })).toEqual([]);
		expect(
			hintsFor('Plan the week over coffee', { kind: 'weekly', weekday: 0, byTime: '10:00' })
		).toEqual([]);
		// "more" inside another word, or with a number, is not vague.
		expect(
			hintsFor('No more than two drinks; Moreton trip', { kind: 'daily', byTime: '23:00' })
		).toEqual([]);
		expect(hintsFor('', null)).toEqual([]);
	});

	test('a behaviour without a timeline or time of day is offered one', () => {
		expect(hintsFor('Call my sister’s number only with you there', null).map((h) => h.id)).toEqual([
			'timeline'
		]);
		expect(hintsFor('Call at lunch', { kind: 'daily' }).map((h) => h.id)).toEqual(['time-of-day']);
		expect(hintsFor('Call on Sunday', { kind: 'weekly', weekday: 0 }).map((h) => h.id)).toEqual([
			'time-of-day'
		]);
		expect(hintsFor('Try to call', null).map((h) => h.id)).toEqual([
			'observable-action',
			'timeline'
		]);
	});

	test('a boundary speaks in absolutes and has no timeline hints', () => {
		expect(hintsFor('Never again contact my ex', { kind: 'always' })).toEqual([]);
		expect(
			hintsFor('Try to keep my phone unlocked', { kind: 'always' }, 'boundary').map((h) => h.id)
		).toEqual(['observable-action']);
	});
});
