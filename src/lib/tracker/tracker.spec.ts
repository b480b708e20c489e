import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { LOCAL, roots } from '../schema';
import { exchange } from '../test/peers';
import { acknowledge, markTalk, resolveTalk, talkItems } from './acks';
import { addDays, atTime } from '../core/calendar';
import { A, agreed, B, behaviour, MONDAY, record } from './fixtures';
import { acksOf, entriesOn, readLedger, reactionsOf, slotOf } from './ledger';
import type { Entry } from './model';
import { react } from './reactions';
import { amendEntry, changeEntry, isLate, recordEntry, removeEntry } from './tracker';

const plan = agreed(MONDAY, [behaviour('call'), behaviour('walk', { kind: 'daily' }, 'both')]);
const call = { clauseId: 'call', partnerId: A };

describe('the 7-day editing window', () => {
	test('an entry can be changed through the seventh day after its day, then it locks', () => {
		const doc = new Y.Doc();
		const id = record(doc, 'call', MONDAY, 'notToday');
		const lastOpen = atTime(addDays(MONDAY, 7), '23:59');
		expect(changeEntry(doc, id, { outcome: 'kept' }, A, lastOpen)).toEqual({ ok: true, id });
		const locked = atTime(addDays(MONDAY, 8), '00:01');
		expect(changeEntry(doc, id, { outcome: 'backup' }, A, locked)).toEqual({
			ok: false,
			reason: 'locked'
		});
		expect(removeEntry(doc, id, A, locked)).toEqual({ ok: false, reason: 'locked' });
		expect((roots.log(doc).get(id) as Entry).outcome).toBe('kept');
	});

	test('after the lock an amendment is added beside the untouched original', () => {
		const doc = new Y.Doc();
		const id = record(doc, 'call', MONDAY, 'kept');
		const original = structuredClone(roots.log(doc).get(id));
		const later = atTime(addDays(MONDAY, 20), '10:00');
		const res = amendEntry(
			doc,
			id,
			{ by: A, text: 'It was the short text, not the call.', outcome: 'backup' },
			later
		);
		expect(res.ok).toBe(true);
		expect(roots.log(doc).get(id)).toEqual(original);
		const slot = slotOf(readLedger(doc, plan, addDays(MONDAY, 20)), call, MONDAY);
		expect(slot?.entry.outcome).toBe('kept');
		expect(slot?.outcome).toBe('backup');
		expect(slot?.amendments.map((a) => a.text)).toEqual(['It was the short text, not the call.']);
	});

	test('only the author amends, and an amendment needs words', () => {
		const doc = new Y.Doc();
		const id = record(doc, 'call', MONDAY, 'kept');
		expect(amendEntry(doc, id, { by: B, text: 'No it was not' })).toEqual({
			ok: false,
			reason: 'notYours'
		});
		expect(amendEntry(doc, id, { by: A, text: '   ' })).toEqual({ ok: false, reason: 'invalid' });
		expect(changeEntry(doc, id, { note: 'hm' }, B, atTime(MONDAY, '22:00'))).toEqual({
			ok: false,
			reason: 'notYours'
		});
	});

	test('a locked day that already has an entry refuses a new one; an empty one is filled in late', () => {
		const doc = new Y.Doc();
		record(doc, 'call', MONDAY, 'notToday');
		const later = atTime(addDays(MONDAY, 10), '09:00');
		const again = recordEntry(
			doc,
			{ clauseId: 'call', day: MONDAY, partnerId: A, outcome: 'kept' },
			later
		);
		expect(again).toEqual({ ok: false, reason: 'locked' });
		const fill = recordEntry(
			doc,
			{ clauseId: 'call', day: addDays(MONDAY, 1), partnerId: A, outcome: 'kept' },
			later
		);
		expect(fill.ok).toBe(true);
		if (fill.ok) expect(isLate(roots.log(doc).get(fill.id) as Entry)).toBe(true);
	});

	test('a day after tomorrow is refused (usually a wrong clock)', () => {
		const doc = new Y.Doc();
		const now = atTime(MONDAY, '23:00');
		const entry = { clauseId: 'call', partnerId: A, outcome: 'kept' as const };
		expect(recordEntry(doc, { ...entry, day: addDays(MONDAY, 1) }, now).ok).toBe(true);
		expect(recordEntry(doc, { ...entry, day: addDays(MONDAY, 2) }, now)).toEqual({
			ok: false,
			reason: 'future'
		});
	});

	test('a far-future recordedAt from a peer with a wrong clock never reopens the lock', () => {
		const doc = new Y.Doc();
		const farFuture = atTime('2031-01-01', '12:00');
		const id = 'from-a-fast-clock';
		const entry: Entry = {
			type: 'entry',
			id,
			clauseId: 'call',
			day: MONDAY,
			partnerId: A,
			outcome: 'kept',
			recordedAt: farFuture,
			updatedAt: farFuture
		};
		doc.transact(() => roots.log(doc).set(id, entry), LOCAL);
		const now = atTime(addDays(MONDAY, 9), '12:00');
		expect(changeEntry(doc, id, { outcome: 'notToday' }, A, now)).toEqual({
			ok: false,
			reason: 'locked'
		});
		// Within the window, an edit still supersedes the future stamp it replaces.
		const soon = atTime(addDays(MONDAY, 2), '12:00');
		expect(changeEntry(doc, id, { outcome: 'backup' }, A, soon).ok).toBe(true);
		expect((roots.log(doc).get(id) as Entry).updatedAt).toBe(farFuture + 1);
	});

	test('excused needs a reason', () => {
		const doc = new Y.Doc();
		const res = recordEntry(
			doc,
			{ clauseId: 'call', day: MONDAY, partnerId: A, outcome: 'excused' },
			atTime(MONDAY, '20:00')
		);
		expect(res).toEqual({ ok: false, reason: 'invalid' });
	});
});

describe('two partners offline, merged', () => {
	test('entries both made offline on the same day all survive the merge', () => {
		const [alex, sam] = [new Y.Doc(), new Y.Doc()];
		record(alex, 'call', MONDAY, 'kept', A);
		record(alex, 'walk', MONDAY, 'kept', A);
		record(sam, 'walk', MONDAY, 'backup', B);
		exchange(alex, sam);
		expect(roots.log(alex).toJSON()).toEqual(roots.log(sam).toJSON());
		const slots = entriesOn(readLedger(alex, plan, MONDAY), MONDAY);
		expect(slots.map((s) => `${s.clauseId}:${s.partnerId}:${s.outcome}`).sort()).toEqual([
			'call:alex:kept',
			'walk:alex:kept',
			'walk:sam:backup'
		]);
	});

	test("one partner's two devices recording the same slot: latest updatedAt shown, the other kept as history", () => {
		const [phone, laptop, sam] = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
		const early = recordEntry(
			phone,
			{ clauseId: 'call', day: MONDAY, partnerId: A, outcome: 'notToday' },
			atTime(MONDAY, '20:00')
		);
		const late = recordEntry(
			laptop,
			{ clauseId: 'call', day: MONDAY, partnerId: A, outcome: 'kept' },
			atTime(MONDAY, '21:00')
		);
		exchange(sam, laptop, phone);
		for (const doc of [phone, laptop, sam]) {
			const slot = slotOf(readLedger(doc, plan, MONDAY), call, MONDAY);
			expect(slot?.entry.id).toBe(late.ok && late.id);
			expect(slot?.outcome).toBe('kept');
			expect(slot?.others.map((e) => e.id)).toEqual([early.ok && early.id]);
		}
	});

	test('equal updatedAt: the greater id is shown on every device', () => {
		const [x, y] = [new Y.Doc(), new Y.Doc()];
		const stamp = atTime(MONDAY, '20:00');
		const put = (doc: Y.Doc, id: string) =>
			doc.transact(
				() =>
					roots.log(doc).set(id, {
						type: 'entry',
						id,
						clauseId: 'call',
						day: MONDAY,
						partnerId: A,
						outcome: id === 'b' ? 'kept' : 'backup',
						recordedAt: stamp,
						updatedAt: stamp
					}),
				LOCAL
			);
		put(x, 'a');
		put(y, 'b');
		exchange(x, y);
		expect(slotOf(readLedger(x, plan, MONDAY), call, MONDAY)?.entry.id).toBe('b');
		expect(slotOf(readLedger(y, plan, MONDAY), call, MONDAY)?.entry.id).toBe('b');
	});
});

describe('acknowledgements, talk items and reactions', () => {
	test('the partner notices; the author cannot acknowledge their own entry', () => {
		const [alex, sam] = [new Y.Doc(), new Y.Doc()];
		const id = record(alex, 'call', MONDAY, 'kept');
		exchange(alex, sam);
		expect(acknowledge(alex, id, A)).toEqual({ ok: false, reason: 'ownEntry' });
		expect(acknowledge(sam, id, B)).toEqual({ ok: true, id: `ack:${id}:${B}` });
		expect(acknowledge(sam, id, B).ok).toBe(true);
		exchange(alex, sam);
		expect(acksOf(readLedger(alex, plan, MONDAY), id).map((a) => a.by)).toEqual([B]);
		expect(acknowledge(sam, 'nope', B)).toEqual({ ok: false, reason: 'notFound' });
	});

	test("let's talk puts the entry on the check-in agenda until resolved", () => {
		const [alex, sam] = [new Y.Doc(), new Y.Doc()];
		const id = record(alex, 'call', MONDAY, 'kept');
		exchange(alex, sam);
		expect(markTalk(alex, id, A)).toEqual({ ok: false, reason: 'ownEntry' });
		const talk = markTalk(sam, id, B, 'I remember it differently', atTime(MONDAY, '22:00'));
		expect(talk.ok).toBe(true);
		exchange(alex, sam);
		const items = talkItems(alex);
		expect(items.map((i) => [i.entry.id, i.talk.note])).toEqual([
			[id, 'I remember it differently']
		]);
		expect(resolveTalk(alex, items[0].talk.id, 'checkin-1').ok).toBe(true);
		exchange(alex, sam);
		expect(talkItems(sam)).toEqual([]);
	});

	test('a reaction from the small set; changed, taken back, or refused when unknown', () => {
		const doc = new Y.Doc();
		const id = record(doc, 'call', MONDAY, 'kept');
		expect(react(doc, id, B, '💛').ok).toBe(true);
		expect(react(doc, id, B, '🙏').ok).toBe(true);
		expect(reactionsOf(readLedger(doc, plan, MONDAY), id).map((r) => r.emoji)).toEqual(['🙏']);
		expect(react(doc, id, B, '👎' as never)).toEqual({ ok: false, reason: 'invalid' });
		expect(react(doc, id, B, null).ok).toBe(true);
		expect(reactionsOf(readLedger(doc, plan, MONDAY), id)).toEqual([]);
	});

	test('reactions on an entry read the same on both devices, whatever order they arrived in', () => {
		const [alex, sam] = [new Y.Doc(), new Y.Doc()];
		const id = record(alex, 'call', MONDAY, 'kept');
		exchange(alex, sam);
		react(sam, id, B, '💛', atTime(MONDAY, '21:00'));
		react(alex, id, A, '🙏', atTime(MONDAY, '21:05'));
		exchange(alex, sam); // each device holds its own reaction first
		const order = (doc: Y.Doc) => reactionsOf(readLedger(doc, plan, MONDAY), id).map((r) => r.by);
		expect(order(alex)).toEqual([B, A]);
		expect(order(sam)).toEqual([B, A]);
	});
});
