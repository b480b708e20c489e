import { describe, expect, test } from 'vitest';
import { addClause } from '../contract/contract';
import { proposeVersion, signVersion } from '../contract/versions';
import { logSetback } from '../setbacks';
import { acknowledge, addMoment, markTalk, readLedger, recordEntry } from '../tracker';
import { addActionItem } from './actions';
import { finishCheckin, startCheckin } from './lifecycle';
import { ANA, BEN, PARTNERS, at, space } from './fixtures';
import { weekInNumbers } from './numbers';
import { checkinIdOf } from './schedule';

const LAST = checkinIdOf('2026-03-02');
const THIS = checkinIdOf('2026-03-09');

describe('the week in numbers', () => {
	test('counts what happened since the last check-in ended, from every domain', () => {
		const { a } = space();
		startCheckin(a, LAST, ANA, at('2026-03-08', '20:00'));
		addMoment(
			a,
			{ kind: 'win', by: ANA, text: 'Said during the last one', day: '2026-03-08' },
			at('2026-03-08', '20:20')
		);
		addActionItem(a, { checkinId: LAST, text: 'Plan a walk', by: BEN }, at('2026-03-08', '20:30'));
		finishCheckin(a, LAST, ANA, at('2026-03-08', '20:45'));

		const kept = recordEntry(
			a,
			{ clauseId: 'call', day: '2026-03-10', partnerId: ANA, outcome: 'kept' },
			at('2026-03-10', '20:00')
		);
		const backup = recordEntry(
			a,
			{ clauseId: 'call', day: '2026-03-11', partnerId: ANA, outcome: 'backup' },
			at('2026-03-11', '20:00')
		);
		if (!kept.ok || !backup.ok) throw new Error('not recorded');
		acknowledge(a, kept.id, BEN, at('2026-03-10', '21:00'));
		markTalk(a, backup.id, BEN, 'How did the short call feel?', at('2026-03-11', '21:00'));
		addMoment(
			a,
			{ kind: 'win', by: BEN, text: 'A calm Tuesday', day: '2026-03-10' },
			at('2026-03-10', '22:00')
		);
		addMoment(
			a,
			{ kind: 'appreciation', by: BEN, about: ANA, text: 'Thank you', day: '2026-03-12' },
			at('2026-03-12', '08:00')
		);
		logSetback(
			a,
			{ by: ANA, whatHappened: 'Forgot to text on Thursday.' },
			PARTNERS,
			at('2026-03-12', '22:00')
		);
		addClause(a, { by: ANA, commitment: 'Text when leaving work' }, at('2026-03-13', '09:00'));
		const v = proposeVersion(a, { by: ANA, note: 'One more' }, at('2026-03-13', '09:00'));
		signVersion(a, { versionId: v.id, by: ANA, hash: v.hash }, at('2026-03-13', '09:01'));

		const now = at('2026-03-15', '20:00');
		const ledger = readLedger(a, { periods: [], partners: PARTNERS }, '2026-03-15');
		const n = weekInNumbers(a, ledger, THIS, PARTNERS, now);
		expect(n.since).toBe(at('2026-03-08', '20:45'));
		expect(n.wins.map((m) => m.text)).toEqual(['A calm Tuesday']);
		expect(n.appreciations.map((m) => m.text)).toEqual(['Thank you']);
		expect(n.acknowledgements).toHaveLength(1);
		expect(n.backups.map((u) => u.slot.day)).toEqual(['2026-03-11']);
		expect(n.setbacks.map((s) => s.whatHappened)).toEqual(['Forgot to text on Thursday.']);
		expect(n.talkItems.map((t) => t.talk.note)).toEqual(['How did the short call feel?']);
		expect(n.actionItems.map((i) => i.text)).toEqual(['Plan a walk']);
		expect(n.waitingForSignature).toEqual({ versionId: v.id, label: '1', waitingFor: [BEN] });
		expect(n.followThrough.map((w) => w.week)).toEqual(['2026-03-02', '2026-03-09']);
	});

	test('the first check-in looks back one week', () => {
		const { a } = space();
		const ledger = readLedger(a, { periods: [], partners: PARTNERS }, '2026-03-08');
		const n = weekInNumbers(a, ledger, LAST, PARTNERS, at('2026-03-08', '20:00'));
		expect(n.since).toBe(at('2026-03-01', '20:00'));
		expect(n.waitingForSignature).toBeUndefined();
	});
});
