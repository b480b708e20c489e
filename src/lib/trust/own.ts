/**
 * Nothing a person wrote is lost to a forgery: each device keeps a copy of its own person's
 * records as they verified, signed, and when one is replaced by something they did not sign, or
 * removed (the app only ever deletes softly), it hands back the copy for the device to write
 * again. The partner's devices never restore someone else's records.
 */
import type { PartnerId } from '../schema';
import type { CheckedRecord } from './read';
import type { RecordKind } from './records';

/** This device's copies of its person's signed records, by map key (device-local). */
export type OwnCopies = Readonly<Record<string, unknown>>;

/** The copies with every record of `me` that verifies as signed now. */
export function rememberOwn(
	copies: OwnCopies,
	checked: readonly CheckedRecord[],
	kind: RecordKind,
	me: PartnerId
): OwnCopies {
	let next: Record<string, unknown> | undefined;
	for (const r of checked) {
		if (r.verdict.status !== 'signed' || !isMine(r.value, kind, me)) continue;
		if (copies[r.key] === r.value) continue;
		next ??= { ...copies };
		next[r.key] = r.value;
	}
	return next ?? copies;
}

/**
 * Records of `me` to write back: one whose stored value no longer verifies as theirs, and one
 * that is gone. `checked` is every record of the map, read now.
 */
export function toRestore(
	copies: OwnCopies,
	checked: readonly CheckedRecord[],
	kind: RecordKind,
	me: PartnerId
): { key: string; value: unknown }[] {
	const now = new Map(checked.map((r) => [r.key, r]));
	const out: { key: string; value: unknown }[] = [];
	for (const [key, value] of Object.entries(copies)) {
		const current = now.get(key);
		if (!current) {
			out.push({ key, value });
			continue;
		}
		const stillMine = current.verdict.status === 'signed' && isMine(current.value, kind, me);
		if (!stillMine) out.push({ key, value });
	}
	return out;
}

function isMine(value: unknown, kind: RecordKind, me: PartnerId): boolean {
	return (
		!!value && typeof value === 'object' && kind.author(value as Record<string, unknown>) === me
	);
}
