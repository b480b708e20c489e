import { describe, expect, test } from 'vitest';
import { exchange } from '../test/peers';
import {
	actionItems,
	addActionItem,
	editActionItem,
	linkActionProposal,
	markActionDone,
	openActionItems,
	removeActionItem,
	reopenActionItem
} from './actions';
import { startCheckin } from './lifecycle';
import { addVictory, appreciationsOf, setAppreciation, victoriesOf } from './closing';
import { ANA, BEN, at, space } from './fixtures';
import { checkinIdOf } from './schedule';

const WEEKS = ['2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23'];
const IDS = WEEKS.map(checkinIdOf);
const SUNDAYS = ['2026-03-08', '2026-03-15', '2026-03-22', '2026-03-29'];

function fourCheckins() {
	const { a, b } = space();
	SUNDAYS.forEach((day, i) => startCheckin(a, IDS[i], ANA, at(day, '20:00')));
	exchange(a, b);
	return { a, b };
}

const id = (r: { ok: boolean; id?: string }) => {
	if (!r.ok || !r.id) throw new Error('not written');
	return r.id;
};

describe('action items', () => {
	test('carried over into every later check-in until done', () => {
		const { a } = fourCheckins();
		const call = id(
			addActionItem(
				a,
				{ checkinId: IDS[0], text: 'Plan the Friday call', by: ANA },
				at(SUNDAYS[0], '20:30')
			)
		);
		const walk = id(
			addActionItem(
				a,
				{ checkinId: IDS[0], text: 'Walk after dinner', by: BEN, owner: BEN },
				at(SUNDAYS[0], '20:31')
			)
		);
		// Done during the second check-in: it was on that agenda, and on none after.
		markActionDone(a, walk, BEN, at(SUNDAYS[1], '20:10'));
		const now = at(SUNDAYS[3], '21:00');
		const byId = new Map(actionItems(a, now).map((i) => [i.id, i]));
		expect(byId.get(call)?.carriedInto).toEqual([IDS[1], IDS[2], IDS[3]]);
		expect(byId.get(walk)).toMatchObject({ carriedInto: [IDS[1]], doneBy: BEN, owner: BEN });
		expect(openActionItems(a, IDS[1], now).map((i) => i.id)).toEqual([call, walk]);
		expect(openActionItems(a, IDS[2], now).map((i) => i.id)).toEqual([call]);
		expect(openActionItems(a, IDS[0], now).map((i) => i.id)).toEqual([call, walk]);

		reopenActionItem(a, walk, ANA, at(SUNDAYS[3], '20:05'));
		expect(openActionItems(a, IDS[3], now).map((i) => i.id)).toEqual([call, walk]);
	});

	test('marking done and rewording at once on two devices both survive', () => {
		const { a, b } = fourCheckins();
		const item = id(addActionItem(a, { checkinId: IDS[0], text: 'Call Mum', by: ANA }, 1));
		exchange(a, b);
		editActionItem(a, item, ANA, { text: 'Call Mum together' }, 2);
		markActionDone(b, item, BEN, at(SUNDAYS[0], '21:00'));
		exchange(a, b);
		expect(actionItems(b, at(SUNDAYS[3], '21:00'))[0]).toMatchObject({
			text: 'Call Mum together',
			doneBy: BEN
		});
		expect(editActionItem(b, item, BEN, { text: 'mine now' })).toEqual({
			ok: false,
			reason: 'notYours'
		});
	});

	test('one can become a contract proposal; withdrawn items leave the agenda', () => {
		const { a } = fourCheckins();
		const item = id(
			addActionItem(a, { checkinId: IDS[0], text: 'Agree a reply window', by: ANA }, 1)
		);
		linkActionProposal(a, item, 'version-1', ANA, 2);
		expect(actionItems(a)[0].proposalVersionId).toBe('version-1');
		removeActionItem(a, item, ANA, 3);
		expect(openActionItems(a, IDS[1])).toEqual([]);
		expect(addActionItem(a, { checkinId: 'checkin:2026-03-03', text: 'x', by: ANA })).toEqual({
			ok: false,
			reason: 'invalid'
		});
	});
});

describe('the closing', () => {
	test('victories named and one note of appreciation per partner', () => {
		const { a, b } = fourCheckins();
		addVictory(a, { checkinId: IDS[0], text: 'Called on time every day', by: ANA }, 1);
		setAppreciation(a, IDS[0], ANA, 'Thank you for listening.', 2);
		setAppreciation(b, IDS[0], BEN, 'Thank you for your patience.', 3);
		exchange(a, b);
		setAppreciation(b, IDS[0], BEN, 'Thank you for your patience tonight.', 4);
		expect(victoriesOf(b, IDS[0]).map((v) => v.text)).toEqual(['Called on time every day']);
		expect(appreciationsOf(b, IDS[0]).map((n) => [n.by, n.text])).toEqual([
			[ANA, 'Thank you for listening.'],
			[BEN, 'Thank you for your patience tonight.']
		]);
		setAppreciation(b, IDS[0], BEN, '', 5);
		expect(appreciationsOf(b, IDS[0])).toHaveLength(1);
	});
});
