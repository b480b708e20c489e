/**
 * The convergence fuzzer with signing on: Ana's two devices and Ben's one sign every record they
 * write while an unreliable network drops, delays, duplicates and reorders updates and links go
 * down and up. After healing every replica is identical, no write is lost, and every record
 * verifies as signed on every device. `KEPT_FUZZ_OPS` and `KEPT_FUZZ_SEED` run it longer.
 */
import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { Network } from '../test/network';
import { exchange } from '../test/peers';
import { Rng } from '../test/rng';
import { couple, DAY, SIGNING_SINCE } from './fixtures';
import { checkRecords } from './read';
import { SIGNED_KINDS, signValue, type RecordKind } from './records';
import type { SigningKeys } from './keys';

const OPS = Number(process.env.KEPT_FUZZ_OPS ?? 300);
const SEED = Number(process.env.KEPT_FUZZ_SEED ?? 16);

const kindOf = (v: unknown): RecordKind | undefined => {
	const type = (v as { type?: string } | undefined)?.type;
	return type === 'entry' ? SIGNED_KINDS.entry : type === 'ack' ? SIGNED_KINDS.ack : undefined;
};

describe('convergence with signing on', () => {
	test(`${OPS} steps over a faulty network end identical, signed, with no write lost (seed ${SEED})`, () => {
		const rng = new Rng(SEED);
		const { ana, ben, pinned } = couple();
		const net = new Network(rng, {
			drop: 0.2,
			duplicate: 0.1,
			maxDelay: 5,
			perTick: 4,
			resync: 0.05
		});
		const devices: { name: string; partner: string; keys: SigningKeys; doc: Y.Doc }[] = [
			{ name: 'ana-phone', partner: 'ana', keys: ana, doc: new Y.Doc() },
			{ name: 'ana-laptop', partner: 'ana', keys: ana, doc: new Y.Doc() },
			{ name: 'ben-phone', partner: 'ben', keys: ben, doc: new Y.Doc() }
		];
		for (const d of devices) net.join(d.name, 'shared', d.name, d.doc);
		/** Every value each key was ever written with (what a device acknowledged to its person). */
		const written = new Map<string, unknown[]>();
		const writers = new Map<string, Set<string>>();
		let clock = SIGNING_SINCE + 10 * DAY;

		for (let step = 0; step < OPS; step++) {
			clock += rng.between(1, 3_600_000);
			const d = rng.pick(devices);
			const log = d.doc.getMap<Record<string, unknown>>('log');
			const mine = [...log.values()].filter((v) => v.type === 'entry' && v.partnerId === d.partner);
			const theirs = [...log.values()].filter(
				(v) => v.type === 'entry' && v.partnerId !== d.partner
			);
			const op = rng.int(10);
			let key: string;
			let value: Record<string, unknown>;
			let kind: RecordKind;
			if (op < 4 || mine.length === 0) {
				key = `e-${d.name}-${step}`;
				kind = SIGNED_KINDS.entry;
				value = {
					type: 'entry',
					id: key,
					clauseId: rng.pick(['walk', 'call', 'phone']),
					day: new Date(clock).toISOString().slice(0, 10),
					partnerId: d.partner,
					outcome: rng.pick(['kept', 'backup', 'notToday']),
					recordedAt: clock,
					updatedAt: clock
				};
			} else if (op < 8 || theirs.length === 0) {
				const before = rng.pick(mine);
				key = before.id as string;
				kind = SIGNED_KINDS.entry;
				const updatedAt = Math.max(clock, (before.updatedAt as number) + 1);
				value = { ...before, outcome: rng.pick(['kept', 'backup', 'notToday']), updatedAt };
			} else {
				const target = rng.pick(theirs);
				key = `ack:${target.id as string}:${d.partner}`;
				kind = SIGNED_KINDS.ack;
				value = { type: 'ack', id: key, entryId: target.id, by: d.partner, at: clock };
			}
			const signed = signValue(kind, key, value, d.keys);
			d.doc.transact(() => log.set(key, signed));
			written.set(key, [...(written.get(key) ?? []), signed]);
			writers.set(key, (writers.get(key) ?? new Set()).add(d.name));

			if (rng.chance(0.1)) {
				const [a, b] = rng.shuffle(devices.map((x) => x.name));
				net.setLink(a, b, !net.isLinked(a, b));
			}
			net.tick();
		}

		// Heal: every link up (each exchanges state as it comes up), everything in flight delivered.
		for (const a of devices)
			for (const b of devices) if (a !== b) net.setLink(a.name, b.name, true);
		net.drain();
		// Then one clean reconnect, as the watchdog's, for whatever the faults dropped on the way.
		exchange(...devices.map((d) => d.doc));

		const reference = devices[0].doc.getMap('log').toJSON();
		for (const d of devices) expect(d.doc.getMap('log').toJSON()).toEqual(reference);
		let lost = 0;
		for (const [key, values] of written) {
			const final = reference[key];
			const single = writers.get(key)!.size === 1;
			// A key only one device wrote ends with its last write; one written concurrently on two
			// devices ends with one of them (the entry's own rule); none ends missing.
			if (
				final === undefined ||
				!(single ? [values.at(-1)] : values).some(
					(v) => JSON.stringify(v) === JSON.stringify(final)
				)
			) {
				lost++;
			}
		}
		expect(lost).toBe(0);
		expect(Object.keys(reference)).toHaveLength(written.size);
		for (const d of devices) {
			const checked = checkRecords(d.doc.getMap('log'), kindOf, { pinned });
			expect(checked).toHaveLength(written.size);
			expect(checked.filter((r) => r.verdict.status !== 'signed')).toEqual([]);
		}
	}, 600_000);
});
