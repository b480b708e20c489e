import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { exchange } from '../test/peers';
import { couple, DAY, SIGNING_SINCE } from './fixtures';
import {
	emptyLockMemory,
	horizonOf,
	isFlagged,
	isLocked,
	keysWrittenSince,
	observe,
	readLockMemory,
	sealCounted,
	type LockMemory,
	type SeenRecord
} from './locks';
import { SIGNED_KINDS, signValue, verifyValue } from './records';
import type { SigningKeys } from './keys';

const START = SIGNING_SINCE + 30 * DAY;
const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Ana's entry for the day of `at`, written (and signed) at `at` by whoever holds `keys`. */
function writeEntry(doc: Y.Doc, id: string, at: number, outcome: string, keys: SigningKeys) {
	const value = {
		type: 'entry',
		id,
		clauseId: 'walk',
		day: dayOf(at),
		partnerId: 'ana',
		outcome,
		recordedAt: at,
		updatedAt: at
	};
	doc.getMap('log').set(id, signValue(SIGNED_KINDS.entry, id, value, keys));
}

/** The log as the lock memory sees it: every entry, its seven days starting at its day. */
function seen(doc: Y.Doc): SeenRecord[] {
	return [...doc.getMap<Record<string, unknown>>('log')].map(([id, v]) => ({
		key: `entry:${id}`,
		author: v.partnerId as string,
		time: v.updatedAt as number,
		lockFrom: Date.parse(`${v.day as string}T00:00:00Z`),
		value: v
	}));
}

/** A device's lock memory, following its replica over time. */
class Device {
	memory: LockMemory = emptyLockMemory();
	constructor(readonly doc: Y.Doc) {}
	look(now: number) {
		const o = observe(this.memory, seen(this.doc), now, { complete: ['entry'] });
		this.memory = o.memory;
		return o;
	}
}

describe('the past stays put', () => {
	test('rewriting a 30-day-old entry with the clock set back shows on both partners’ devices', () => {
		const { ana, pinned } = couple();
		const anasPhone = new Device(new Y.Doc());
		const bensPhone = new Device(new Y.Doc());
		writeEntry(anasPhone.doc, 'e1', START, 'notToday', ana);
		for (let d = 0; d <= 30; d++) {
			writeEntry(anasPhone.doc, `later-${d}`, START + d * DAY, 'kept', ana);
			exchange(anasPhone.doc, bensPhone.doc);
			anasPhone.look(START + d * DAY);
			bensPhone.look(START + d * DAY);
		}
		const before = bensPhone.doc.getMap('log').get('e1');

		// Ana sets her phone back 30 days, when the entry was still open, and rewrites it in place.
		writeEntry(anasPhone.doc, 'e1', START + 3_600_000, 'kept', ana);
		exchange(anasPhone.doc, bensPhone.doc);
		// Her signature is valid: it is her own entry. The lock memory is what catches it.
		const after = bensPhone.doc.getMap('log').get('e1');
		expect(verifyValue(SIGNED_KINDS.entry, 'e1', after, { pinned }).status).toBe('signed');

		for (const device of [bensPhone, anasPhone]) {
			const { fresh, findings } = device.look(START + 31 * DAY);
			expect(fresh).toEqual([
				{ type: 'changed-after-lock', key: 'entry:e1', author: 'ana', before, after }
			]);
			expect(isFlagged(device.memory, 'entry:e1')).toBe(true);
			// The finding stays on later looks; it is not new any more.
			const again = device.look(START + 32 * DAY);
			expect(again.fresh).toEqual([]);
			expect(again.findings['entry:e1']).toEqual(findings['entry:e1']);
		}
	});

	test('removing a locked entry is a change too, with nothing after', () => {
		const { ana } = couple();
		const ben = new Device(new Y.Doc());
		writeEntry(ben.doc, 'e1', START, 'notToday', ana);
		ben.look(START + 10 * DAY);
		ben.doc.getMap('log').delete('e1');
		expect(ben.look(START + 11 * DAY).fresh).toMatchObject([
			{ type: 'changed-after-lock', key: 'entry:e1', after: undefined }
		]);
	});

	test('a new entry claiming a time well before what its author already wrote is flagged', () => {
		const { ana } = couple();
		const ben = new Device(new Y.Doc());
		writeEntry(ben.doc, 'today', START + 40 * DAY, 'kept', ana);
		ben.look(START + 40 * DAY);
		// Written with the clock 30 days back: it never existed then.
		writeEntry(ben.doc, 'slipped-in', START + 10 * DAY, 'kept', ana);
		const { fresh } = ben.look(START + 40 * DAY);
		expect(fresh).toMatchObject([
			{
				type: 'backdated',
				key: 'entry:slipped-in',
				claimed: START + 10 * DAY,
				latest: START + 40 * DAY
			}
		]);
		expect(isFlagged(ben.memory, 'entry:slipped-in')).toBe(true);
		// An entry written a day late, as people do, is not.
		writeEntry(ben.doc, 'yesterday', START + 39 * DAY, 'kept', ana);
		expect(ben.look(START + 40 * DAY).fresh).toEqual([]);
	});

	test('the seven days are measured against the latest time seen, not this device’s clock', () => {
		const { ana } = couple();
		const ben = new Device(new Y.Doc());
		writeEntry(ben.doc, 'e1', START, 'kept', ana);
		ben.look(START + 20 * DAY);
		// The clock is set back 19 days: the entry is still locked, and a change still shows.
		const setBack = START + DAY;
		expect(horizonOf(ben.memory, setBack)).toBe(START + 20 * DAY);
		expect(isLocked(ben.memory, START, setBack)).toBe(true);
		writeEntry(ben.doc, 'e1', START + 2 * 3_600_000, 'backup', ana);
		expect(ben.look(setBack).fresh).toMatchObject([
			{ type: 'changed-after-lock', key: 'entry:e1' }
		]);
	});

	test('an edit made while the entry was open that arrives after it locked is not a finding', () => {
		const { ana } = couple();
		const anas = new Y.Doc();
		const ben = new Device(new Y.Doc());
		writeEntry(anas, 'e1', START, 'kept', ana);
		exchange(anas, ben.doc);
		// Ana corrects it on day 6, offline; Ben's device locks it on day 8 and then hears of it.
		writeEntry(anas, 'e1', START + 6 * DAY, 'backup', ana);
		ben.look(START + 8 * DAY);
		exchange(anas, ben.doc);
		expect(ben.look(START + 9 * DAY).fresh).toEqual([]);
		expect(ben.memory.sealed['entry:e1'].value).toMatchObject({ outcome: 'backup' });
	});

	test('a clock far in the future neither counts yet nor locks everything else early', () => {
		const { ana } = couple();
		const ben = new Device(new Y.Doc());
		writeEntry(ben.doc, 'open', START, 'kept', ana);
		writeEntry(ben.doc, 'from-next-year', START + 365 * DAY, 'kept', ana);
		const { fresh } = ben.look(START + DAY);
		expect(fresh).toMatchObject([{ type: 'future', key: 'entry:from-next-year' }]);
		expect(isFlagged(ben.memory, 'entry:from-next-year')).toBe(true);
		expect(isLocked(ben.memory, START, START + DAY)).toBe(false);
		expect(ben.memory.sealed['entry:open']).toBeUndefined();
		// When its time comes, it is an ordinary entry.
		ben.look(START + 365 * DAY);
		expect(isFlagged(ben.memory, 'entry:from-next-year')).toBe(false);
	});

	test('a record counted as final is held to it whatever its age', () => {
		const record: SeenRecord = {
			key: 'submitted:w1:ana',
			author: 'ana',
			time: START,
			value: { commit: 'aa' }
		};
		let memory = sealCounted(emptyLockMemory(), record);
		const o = observe(memory, [{ ...record, time: START + 1, value: { commit: 'bb' } }], START + 2);
		memory = o.memory;
		expect(o.fresh).toMatchObject([{ type: 'changed-after-lock', before: { commit: 'aa' } }]);
		expect(readLockMemory(JSON.parse(JSON.stringify(memory)))).toEqual(memory);
		expect(readLockMemory('damaged')).toEqual(emptyLockMemory());
	});

	test('after reopening, only what was written since the last look is hashed again', () => {
		const { ana } = couple();
		const bens = new Device(new Y.Doc());
		for (let d = 0; d < 20; d++) writeEntry(bens.doc, `e${d}`, START + d * DAY, 'kept', ana);
		bens.look(START + 20 * DAY);
		const lookedAt = Y.encodeStateVector(bens.doc);
		// Reopened from disk: new objects; then Ana rewrites a locked entry and adds today's.
		const reopened = new Y.Doc();
		Y.applyUpdate(reopened, Y.encodeStateAsUpdate(bens.doc));
		const anas = new Y.Doc();
		Y.applyUpdate(anas, Y.encodeStateAsUpdate(reopened));
		writeEntry(anas, 'e3', START + 3 * DAY + 60_000, 'backup', ana);
		writeEntry(anas, 'e20', START + 20 * DAY, 'kept', ana);
		exchange(anas, reopened);
		const changed = keysWrittenSince(reopened.getMap('log'), lookedAt);
		expect([...changed].sort()).toEqual(['e20', 'e3']);
		const o = observe(bens.memory, seen(reopened), START + 20 * DAY, {
			complete: ['entry'],
			changed: new Set([...changed].map((k) => `entry:${k}`))
		});
		expect(o.fresh).toMatchObject([{ type: 'changed-after-lock', key: 'entry:e3' }]);
		// A look that changes nothing leaves the memory as it was.
		const again = observe(o.memory, seen(reopened), START + 20 * DAY, { changed: new Set() });
		expect(again.memory.sealed).toBe(o.memory.sealed);
		expect(again.fresh).toEqual([]);
	});
});
