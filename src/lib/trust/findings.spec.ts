import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { exchange } from '../test/peers';
import { findingKey, missingFindings, publishedFindings, publishFinding } from './findings';
import { couple, DAY, SIGNING_SINCE } from './fixtures';
import { emptyLockMemory, observe, type SeenRecord } from './locks';

const T = SIGNING_SINCE + 30 * DAY;

describe('a change to the past, shown to both partners', () => {
	test('Ben’s device publishes what it saw; Ana’s screen shows it even with no memory of its own', () => {
		const { ana, ben, pinned } = couple();
		const anas = new Y.Doc();
		const bens = new Y.Doc();
		const record = (outcome: string, time: number): SeenRecord => ({
			key: 'entry:e1',
			author: 'ana',
			time,
			value: { outcome, updatedAt: time }
		});
		let memory = observe(emptyLockMemory(), [record('notToday', T)], T + 10 * DAY).memory;
		const o = observe(memory, [record('kept', T + 1)], T + 11 * DAY);
		memory = o.memory;
		const shared = () => bens.getMap('findings');

		const toPublish = missingFindings(memory, 'ben', (k) => shared().get(k));
		expect(toPublish).toEqual(o.fresh);
		for (const f of toPublish)
			shared().set(findingKey(f.key, 'ben'), publishFinding(f, 'ben', T + 11 * DAY, ben));
		exchange(anas, bens);

		const onAnas = publishedFindings(anas.getMap('findings'), { pinned });
		expect(onAnas.get('entry:e1')).toEqual([
			{
				by: 'ben',
				at: T + 11 * DAY,
				finding: {
					type: 'changed-after-lock',
					key: 'entry:e1',
					author: 'ana',
					before: { outcome: 'notToday', updatedAt: T },
					after: { outcome: 'kept', updatedAt: T + 1 }
				}
			}
		]);

		// Ana removes it, or writes one in Ben's name: his device publishes it again; hers doesn't count.
		anas.getMap('findings').delete(findingKey('entry:e1', 'ben'));
		anas
			.getMap('findings')
			.set(
				findingKey('entry:e9', 'ben'),
				publishFinding({ ...o.fresh[0], key: 'entry:e9' }, 'ben', T, ana)
			);
		exchange(anas, bens);
		expect(publishedFindings(bens.getMap('findings'), { pinned }).size).toBe(0);
		expect(missingFindings(memory, 'ben', (k) => shared().get(k))).toHaveLength(1);
	});
});
