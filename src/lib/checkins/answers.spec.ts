import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { exchange } from '../test/peers';
import {
	answersOf,
	draftOf,
	editAnswers,
	feltSafetyTrend,
	revealIfReady,
	revealState,
	saveDraftAnswers,
	submitAnswers
} from './answers';
import { ANA, BEN, MONDAY, PARTNERS, SUNDAY, at, space } from './fixtures';
import { checkinIdOf } from './schedule';

const ID = checkinIdOf(MONDAY);
const T = at(SUNDAY, '20:00');

/** Everything the shared document would send to a peer, as text. */
const bytesOf = (doc: Y.Doc) => new TextDecoder().decode(Y.encodeStateAsUpdate(doc));

/** Two partners' devices: each with the shared space and their own private document. */
function couple() {
	const { a, b } = space();
	return { a, b, anaPrivate: new Y.Doc(), benPrivate: new Y.Doc() };
}

describe('the blind reveal', () => {
	test('nothing of an answer is in the shared document until both submitted; then both are', () => {
		const { a, b, anaPrivate, benPrivate } = couple();
		saveDraftAnswers(
			anaPrivate,
			ID,
			{ wentWell: 'ANA-WELL-7f3a', feltSafety: 7, custom: { p1: 'ANA-CUSTOM-7f3a' } },
			T
		);
		expect(submitAnswers(a, anaPrivate, ID, ANA, T + 1)).toEqual({ ok: true, id: ID });
		expect(revealIfReady(a, anaPrivate, ID, ANA, PARTNERS, T + 2)).toBe(false);
		exchange(a, b);
		saveDraftAnswers(benPrivate, ID, { didntGoWell: 'BEN-DIDNT-91c2', feltSafety: 4 }, T + 3);
		expect(revealState(a, ID, ANA, PARTNERS)).toBe('waiting-for-partner');
		expect(revealState(b, ID, BEN, PARTNERS)).toBe('waiting-for-me');
		for (const doc of [a, b]) {
			expect(bytesOf(doc)).not.toContain('ANA-');
			expect(bytesOf(doc)).not.toContain('BEN-');
		}
		expect(answersOf(b, ID, ANA)).toBeUndefined();

		// Ana rewords after submitting: allowed, and still private.
		editAnswers(
			a,
			anaPrivate,
			ID,
			ANA,
			PARTNERS,
			{ wentWell: 'ANA-EDITED-7f3a', feltSafety: 8 },
			T + 4
		);
		exchange(a, b);
		expect(bytesOf(a)).not.toContain('ANA-');
		expect(bytesOf(b)).not.toContain('ANA-');

		// Ben submits; his device sees both submissions and shares his own answers only.
		submitAnswers(b, benPrivate, ID, BEN, T + 5);
		expect(revealIfReady(b, benPrivate, ID, BEN, PARTNERS, T + 6)).toBe(true);
		expect(revealState(b, ID, BEN, PARTNERS)).toBe('arriving');
		exchange(a, b);
		expect(bytesOf(a)).toContain('BEN-DIDNT-91c2');
		expect(bytesOf(a)).not.toContain('ANA-');

		// Ana's device, seeing the change, shares hers.
		expect(revealIfReady(a, anaPrivate, ID, ANA, PARTNERS, T + 7)).toBe(true);
		exchange(a, b);
		for (const doc of [a, b]) {
			expect(revealState(doc, ID, ANA, PARTNERS)).toBe('revealed');
			expect(bytesOf(doc)).toContain('ANA-EDITED-7f3a');
			expect(bytesOf(doc)).toContain('BEN-DIDNT-91c2');
		}
		expect(answersOf(b, ID, ANA)).toMatchObject({
			by: ANA,
			answers: { wentWell: 'ANA-EDITED-7f3a', feltSafety: 8 },
			revealedAt: T + 7
		});
		// Changed before the reveal: never seen otherwise, so not marked as edited.
		expect(answersOf(b, ID, ANA)?.editedAt).toBeUndefined();
		// Idempotent: every device calls it on every change.
		expect(revealIfReady(a, anaPrivate, ID, ANA, PARTNERS, T + 8)).toBe(false);
		expect(revealIfReady(b, benPrivate, ID, BEN, PARTNERS, T + 8)).toBe(false);
	});

	test('an edit after the reveal is shared and marked as edited', () => {
		const { a, b, anaPrivate, benPrivate } = couple();
		saveDraftAnswers(anaPrivate, ID, { wentWell: 'first' }, T);
		saveDraftAnswers(benPrivate, ID, { wentWell: 'his' }, T);
		submitAnswers(a, anaPrivate, ID, ANA, T);
		submitAnswers(b, benPrivate, ID, BEN, T);
		exchange(a, b);
		revealIfReady(a, anaPrivate, ID, ANA, PARTNERS, T + 1);
		editAnswers(a, anaPrivate, ID, ANA, PARTNERS, { wentWell: 'second thoughts' }, T + 60_000);
		exchange(a, b);
		expect(answersOf(b, ID, ANA)).toMatchObject({
			answers: { wentWell: 'second thoughts' },
			revealedAt: T + 1,
			editedAt: T + 60_000
		});
	});

	test('an own device without the private draft yet shares nothing (and erases nothing)', () => {
		const { a, b, anaPrivate, benPrivate } = couple();
		saveDraftAnswers(anaPrivate, ID, { wentWell: 'mine' }, T);
		saveDraftAnswers(benPrivate, ID, { wentWell: 'his' }, T);
		submitAnswers(a, anaPrivate, ID, ANA, T);
		submitAnswers(b, benPrivate, ID, BEN, T);
		exchange(a, b);
		const anaLaptop = new Y.Doc();
		expect(revealIfReady(b, anaLaptop, ID, ANA, PARTNERS, T)).toBe(false);
		expect(revealState(a, ID, ANA, PARTNERS)).toBe('arriving');
		// Once her private documents sync, the laptop could share too; the phone already did.
		revealIfReady(a, anaPrivate, ID, ANA, PARTNERS, T + 1);
		exchange(anaPrivate, anaLaptop);
		exchange(a, b);
		expect(revealIfReady(b, anaLaptop, ID, ANA, PARTNERS, T + 2)).toBe(false);
		expect(answersOf(b, ID, ANA)?.answers.wentWell).toBe('mine');
	});

	test('the latest words are shared, even when saved on an own device that had not seen the submission', () => {
		// The laptop saves its edit after the phone submitted, or before it but after the phone's draft.
		for (const laptopSavedAt of [T + 120_000, T + 30_000]) {
			const { a, b, anaPrivate, benPrivate } = couple();
			const anaLaptop = new Y.Doc();
			// Set the client order, so Yjs alone would keep the laptop's save on both of Ana's devices.
			anaPrivate.clientID = 1;
			anaLaptop.clientID = 2;
			saveDraftAnswers(anaPrivate, ID, { wentWell: 'first words' }, T);
			exchange(anaPrivate, anaLaptop);
			submitAnswers(a, anaPrivate, ID, ANA, T + 60_000);
			saveDraftAnswers(anaLaptop, ID, { wentWell: 'better words' }, laptopSavedAt);
			exchange(anaPrivate, anaLaptop);
			saveDraftAnswers(benPrivate, ID, { wentWell: 'his' }, T);
			submitAnswers(b, benPrivate, ID, BEN, T);
			exchange(a, b);
			expect(revealIfReady(a, anaPrivate, ID, ANA, PARTNERS, T + 180_000)).toBe(true);
			exchange(a, b);
			expect(answersOf(b, ID, ANA)?.answers.wentWell).toBe('better words');
		}
	});

	test('two own devices saving at once keep the later words, whichever Yjs would favour', () => {
		for (const [phoneId, laptopId] of [
			[1, 2],
			[2, 1]
		]) {
			const [phone, laptop] = [new Y.Doc(), new Y.Doc()];
			phone.clientID = phoneId;
			laptop.clientID = laptopId;
			saveDraftAnswers(phone, ID, { wentWell: 'earlier words' }, T);
			saveDraftAnswers(laptop, ID, { wentWell: 'later words' }, T + 60_000);
			exchange(phone, laptop);
			expect(draftOf(phone, ID)?.answers.wentWell).toBe('later words');
			expect(draftOf(laptop, ID)?.answers.wentWell).toBe('later words');
		}
	});

	test('felt safety is a whole number from 0 to 10, or left unsaid', () => {
		const priv = new Y.Doc();
		for (const feltSafety of [-1, 11, 3.5, Number.NaN])
			expect(saveDraftAnswers(priv, ID, { feltSafety }, T)).toEqual({
				ok: false,
				reason: 'invalid'
			});
		expect(saveDraftAnswers(priv, ID, { feltSafety: 0 }, T)).toEqual({ ok: true, id: ID });
		expect(saveDraftAnswers(priv, ID, { wentWell: '  a\r\nb  ' }, T)).toEqual({ ok: true, id: ID });
		expect(draftOf(priv, ID)?.answers).toEqual({
			wentWell: 'a\nb',
			didntGoWell: '',
			feltSecure: '',
			trustEasier: '',
			feltSafety: null,
			custom: {}
		});
	});

	test('submitting needs a saved draft; each partner’s felt safety is their own trend', () => {
		const { a, b, anaPrivate, benPrivate } = couple();
		expect(submitAnswers(a, anaPrivate, ID, ANA, T)).toEqual({ ok: false, reason: 'notFound' });
		saveDraftAnswers(anaPrivate, ID, { feltSafety: 6 }, T);
		saveDraftAnswers(benPrivate, ID, { feltSafety: 3 }, T);
		submitAnswers(a, anaPrivate, ID, ANA, T);
		submitAnswers(b, benPrivate, ID, BEN, T);
		exchange(a, b);
		revealIfReady(a, anaPrivate, ID, ANA, PARTNERS, T);
		revealIfReady(b, benPrivate, ID, BEN, PARTNERS, T);
		exchange(a, b);
		expect(feltSafetyTrend(a, [ID], ANA)).toEqual([{ checkinId: ID, feltSafety: 6 }]);
		expect(feltSafetyTrend(a, [ID], BEN)).toEqual([{ checkinId: ID, feltSafety: 3 }]);
	});
});
