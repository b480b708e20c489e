import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { exchange } from '../test/peers';
import { announceKey, announcementKey, pinAnnounced, readAnnouncement } from './announce';
import { DAY, SIGNING_SINCE } from './fixtures';
import { generateSigningKeys } from './keys';

const T = SIGNING_SINCE;

describe('announcing a key and pinning it at pairing', () => {
	test('the partner’s announcement arrives and is pinned once', () => {
		const ben = generateSigningKeys();
		const bens = new Y.Doc();
		const anas = new Y.Doc();
		bens.getMap('keys').set(announcementKey('ben'), announceKey('ben', ben, T));
		exchange(anas, bens);
		const raw = anas.getMap('keys').get(announcementKey('ben'));
		const first = pinAnnounced({}, 'ben', raw, T + DAY);
		expect(first.outcome).toBe('pinned');
		expect(first.pinned.ben).toMatchObject({ publicKey: ben.publicKey, signingSince: T });
		expect(pinAnnounced(first.pinned, 'ben', raw, T + 2 * DAY).outcome).toBe('unchanged');

		// Ana replaces Ben's announcement with a key of her own making: a change, not a swap.
		const planted = generateSigningKeys();
		const changed = pinAnnounced(first.pinned, 'ben', announceKey('ben', planted, T), T + 3 * DAY);
		expect(changed).toEqual({ pinned: first.pinned, outcome: 'changed' });
	});

	test('an announcement not signed by its own key, or for someone else, is not pinned', () => {
		const ben = generateSigningKeys();
		const other = generateSigningKeys();
		const good = announceKey('ben', ben, T);
		expect(readAnnouncement('ben', good)).toEqual(good);
		expect(readAnnouncement('ana', good)).toBeUndefined();
		expect(readAnnouncement('ben', { ...good, publicKey: other.publicKey })).toBeUndefined();
		expect(readAnnouncement('ben', { ...good, since: T - DAY })).toBeUndefined();
		const { sig: _sig, ...unsigned } = good;
		expect(pinAnnounced({}, 'ben', unsigned, T).outcome).toBe('invalid');
		expect(pinAnnounced({}, 'ben', 'junk', T).outcome).toBe('invalid');
	});
});
