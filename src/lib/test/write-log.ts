/**
 * The fuzzer's log of writes: every value a device's own transaction put under a map key
 * (found from the transaction itself, so no domain function needs instrumenting), with where in
 * causal history it was made, and whether it was acknowledged (persisted on its device).
 *
 * After healing, `lostWrites` checks each key: the value there must be one that some device
 * wrote, and no acknowledged write may have been made *after seeing* it — that write would have
 * replaced it, so finding the older value means the newer one was lost. Concurrent writes may
 * legitimately replace one another (a Y.Map key keeps one of them), so they are not losses.
 * Test-only.
 */
import * as Y from 'yjs';
import { INITIAL, LOCAL } from '../schema';

/** The value recorded for a key that holds a Y type (its content is checked by its own keys). */
const Y_TYPE = Symbol('ytype');

interface ItemId {
	client: number;
	clock: number;
}

/** One write of one key, as its transaction made it. */
export interface Write {
	group: string;
	path: string;
	/** The item the write created; absent for a delete. */
	item?: ItemId;
	/** The item a delete removed. */
	deleted?: ItemId;
	value?: unknown;
	/** The writer's state vector before the write: what it had seen. */
	seen: Map<number, number>;
	device: string;
	step: number;
	acked: boolean;
}

/** Where the walk is, for messages. */
export interface Clock {
	step: number;
}

/** Records the map writes of local transactions on every attached doc. */
export class WriteLog {
	readonly byPath = new Map<string, Write[]>();
	#pending = new Map<string, Write[]>();
	#clock: Clock;

	constructor(clock: Clock) {
		this.#clock = clock;
	}

	/** Starts recording a device's doc; returns the function that stops it. */
	attach(doc: Y.Doc, group: string, device: string): () => void {
		const onTransaction = (tr: Y.Transaction) => {
			if (tr.origin !== LOCAL && tr.origin !== INITIAL) return;
			for (const [type, keys] of tr.changed) {
				if (!(type instanceof Y.Map)) continue;
				const base = pathOf(doc, type);
				if (base === undefined) continue;
				for (const key of keys) {
					if (key !== null) this.#recordKey(tr, group, device, type, `${base}/${key}`, key);
				}
			}
		};
		doc.on('afterTransaction', onTransaction);
		return () => doc.off('afterTransaction', onTransaction);
	}

	/** Marks every write made so far on `device` as acknowledged: it is on disk. */
	acknowledge(device: string): void {
		for (const w of this.#pending.get(device) ?? []) w.acked = true;
		this.#pending.set(device, []);
	}

	/** Writes made on `device` since its last acknowledgement (they may be lost in a crash). */
	unacknowledged(device: string): number {
		return this.#pending.get(device)?.length ?? 0;
	}

	/** Problems with the final state of `doc` (one healed replica of `group`); empty when none. */
	lostWrites(doc: Y.Doc, group: string): string[] {
		const problems: string[] = [];
		for (const writes of this.byPath.values()) {
			if (writes[0].group !== group) continue;
			const problem = checkKey(doc, writes);
			if (problem) problems.push(`${writes[0].path}: ${problem}`);
		}
		return problems;
	}

	#recordKey(
		tr: Y.Transaction,
		group: string,
		device: string,
		map: Y.Map<unknown>,
		path: string,
		key: string
	): void {
		const item = map._map.get(key);
		if (!item) return;
		const base = {
			group,
			path,
			seen: tr.beforeState,
			device,
			step: this.#clock.step,
			acked: false
		};
		const isNew = item.id.clock >= (tr.beforeState.get(item.id.client) ?? 0);
		if (isNew && !item.deleted) {
			const value = map.get(key);
			this.#add({ ...base, item: { ...item.id }, value: toRecorded(value) });
			// A map made in this transaction: its own keys are writes too (no event reports them).
			if (value instanceof Y.Map) {
				for (const sub of value._map.keys())
					this.#recordKey(tr, group, device, value, `${path}/${sub}`, sub);
			}
		} else if (item.deleted && !isNew) {
			this.#add({ ...base, deleted: { ...item.id } });
		}
	}

	#add(write: Write): void {
		const list = this.byPath.get(write.path);
		if (list) list.push(write);
		else this.byPath.set(write.path, [write]);
		const pending = this.#pending.get(write.device);
		if (pending) pending.push(write);
		else this.#pending.set(write.device, [write]);
	}
}

function checkKey(doc: Y.Doc, writes: Write[]): string | undefined {
	const { path } = writes[0];
	const parts = path.split('/');
	let map: unknown = doc.share.get(parts[0]) ? doc.getMap(parts[0]) : undefined;
	for (const part of parts.slice(1, -1)) map = map instanceof Y.Map ? map.get(part) : undefined;
	// The key's parent is gone: only possible if the parent itself was replaced (checked there).
	if (!(map instanceof Y.Map))
		return writes.some((w) => w.acked) ? 'its map is missing' : undefined;
	const item = map._map.get(parts[parts.length - 1]);
	if (!item)
		return writes.some((w) => w.acked) ? 'nothing there, yet writes were acknowledged' : undefined;
	const same = (a: ItemId | undefined) =>
		!!a && a.client === item.id.client && a.clock === item.id.clock;
	const final = writes.find((w) => same(w.item));
	if (!final) return `holds an item no device wrote (${item.id.client}:${item.id.clock})`;
	if (item.deleted && !writes.some((w) => same(w.deleted))) return 'deleted, but by no write';
	if (!item.deleted && final.value !== Y_TYPE) {
		const now = toRecorded(map.get(parts[parts.length - 1]));
		if (JSON.stringify(now) !== JSON.stringify(final.value))
			return `holds ${JSON.stringify(now)}, not what was written (${JSON.stringify(final.value)})`;
	}
	for (const w of writes) {
		if (!w.acked || w === final) continue;
		const sawFinal = (w.seen.get(item.id.client) ?? 0) > item.id.clock;
		if (sawFinal && !same(w.deleted)) {
			return `an acknowledged write (step ${w.step} on ${w.device}) replaced the value from step ${final.step} on ${final.device}, and was lost`;
		}
		if (same(w.deleted) && !item.deleted) {
			return `an acknowledged delete (step ${w.step} on ${w.device}) was lost`;
		}
	}
	return undefined;
}

/** The path of a map in its doc (`root/key/key`), or undefined for types not under root maps. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs types parents so
function pathOf(doc: Y.Doc, type: Y.AbstractType<any>): string | undefined {
	const item = type._item;
	if (item === null) {
		for (const [name, root] of doc.share) if (root === type) return name;
		return undefined;
	}
	if (item.parentSub === null || !(item.parent instanceof Y.AbstractType)) return undefined;
	const parent = pathOf(doc, item.parent);
	return parent === undefined ? undefined : `${parent}/${item.parentSub}`;
}

function toRecorded(value: unknown): unknown {
	if (value instanceof Y.AbstractType) return Y_TYPE;
	return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}
