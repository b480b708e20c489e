import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { exchange } from '../test/peers';
import { atTime } from '../core/calendar';
import { A, B, MONDAY } from './fixtures';
import { addMoment, editMoment, removeMoment, wall } from './moments';
import { react } from './reactions';

describe('the wall of moments', () => {
	test('both partners post offline; the wall merges, newest first, the same on both devices', () => {
		const [alex, sam] = [new Y.Doc(), new Y.Doc()];
		const first = addMoment(
			alex,
			{ kind: 'noticed', by: A, about: B, text: 'You asked how my day was.', clauseId: 'thanks' },
			atTime(MONDAY, '09:00')
		);
		const second = addMoment(
			sam,
			{ kind: 'win', by: B, text: 'A calm Sunday check-in.' },
			atTime(MONDAY, '10:00')
		);
		expect(first.ok && second.ok).toBe(true);
		exchange(alex, sam);
		const texts = (doc: Y.Doc) => wall(doc).map((i) => i.moment.text);
		expect(texts(alex)).toEqual(['A calm Sunday check-in.', 'You asked how my day was.']);
		expect(texts(sam)).toEqual(texts(alex));
		expect(wall(alex, { clauseId: 'thanks' })).toHaveLength(1);
	});

	test('reactions on a moment read the same on both devices, whatever order they arrived in', () => {
		const [alex, sam] = [new Y.Doc(), new Y.Doc()];
		const added = addMoment(alex, { kind: 'win', by: A, text: 'A calm Sunday check-in.' });
		const id = added.ok ? added.id : '';
		exchange(alex, sam);
		react(sam, id, B, '💛', atTime(MONDAY, '21:00'));
		react(alex, id, A, '👏', atTime(MONDAY, '21:05'));
		exchange(alex, sam); // each device holds its own reaction first
		const order = (doc: Y.Doc) => wall(doc)[0].reactions.map((r) => r.by);
		expect(order(alex)).toEqual([B, A]);
		expect(order(sam)).toEqual([B, A]);
	});

	test('an "I noticed" note is about the partner, never oneself', () => {
		const doc = new Y.Doc();
		expect(addMoment(doc, { kind: 'noticed', by: A, about: A, text: 'I was great' })).toEqual({
			ok: false,
			reason: 'invalid'
		});
		expect(addMoment(doc, { kind: 'appreciation', by: A, text: 'Thanks' })).toEqual({
			ok: false,
			reason: 'invalid'
		});
		expect(addMoment(doc, { kind: 'win', by: A, text: '  ' })).toEqual({
			ok: false,
			reason: 'invalid'
		});
	});

	test('only the author rewords or removes a moment; reactions come with it', () => {
		const doc = new Y.Doc();
		const res = addMoment(doc, { kind: 'appreciation', by: A, about: B, text: 'Thank you' });
		if (!res.ok) throw new Error(res.reason);
		expect(editMoment(doc, res.id, B, 'Changed')).toEqual({ ok: false, reason: 'notYours' });
		expect(editMoment(doc, res.id, A, 'Thank you for waiting up').ok).toBe(true);
		expect(react(doc, res.id, B, '💛').ok).toBe(true);
		const [item] = wall(doc);
		expect(item.moment.text).toBe('Thank you for waiting up');
		expect(item.reactions.map((r) => [r.by, r.emoji])).toEqual([[B, '💛']]);
		expect(removeMoment(doc, res.id, B)).toEqual({ ok: false, reason: 'notYours' });
		expect(removeMoment(doc, res.id, A).ok).toBe(true);
		expect(wall(doc)).toEqual([]);
	});
});
