/**
 * The read path of signed records: what a view asks before it shows or counts a record. A record
 * counts when its signature verdict counts and the device's lock memory has no finding on it.
 */
import type { Finding, LockMemory } from './locks';
import { fieldsOf, SIG_FIELD, verifyValue, type RecordKind } from './records';
import {
	counts,
	prefetchRecord,
	type VerificationCache,
	type Verdict,
	type VerifyContext
} from './sign';

/** One record with what this device concluded about it. */
export interface CheckedRecord {
	/** The record's key in its map. */
	key: string;
	value: unknown;
	verdict: Verdict;
	/** A change to the past this device saw on it. */
	finding?: Finding;
	/** Whether it counts in scores, signatures and approvals. */
	counted: boolean;
}

/** The key the lock memory knows a record by. */
export function lockKey(kind: RecordKind, key: string): string {
	return `${kind.kind}:${key}`;
}

/**
 * Checks the records of a map. `kindOf` names each value's kind (undefined: not a signed kind,
 * left out). Verdicts come from the per-record caches, so re-reading is cheap.
 */
export function checkRecords(
	entries: Iterable<[string, unknown]>,
	kindOf: (value: unknown) => RecordKind | undefined,
	ctx: VerifyContext,
	locks?: LockMemory
): CheckedRecord[] {
	const out: CheckedRecord[] = [];
	for (const [key, value] of entries) {
		const kind = kindOf(value);
		if (!kind) continue;
		const verdict = verifyValue(kind, key, value, ctx);
		const finding = locks?.flagged[lockKey(kind, key)];
		const record: CheckedRecord = { key, value, verdict, counted: counts(verdict) && !finding };
		if (finding) record.finding = finding;
		out.push(record);
	}
	return out;
}

/**
 * Verifies the signed records of a map ahead of the views (on opening, when a sync brings many),
 * through the platform's Ed25519 where there is one, so `checkRecords` then finds them cached.
 */
export async function prefetchRecords(
	entries: Iterable<[string, unknown]>,
	kindOf: (value: unknown) => RecordKind | undefined,
	cache: VerificationCache
): Promise<void> {
	const pending: Promise<void>[] = [];
	for (const [key, value] of entries) {
		const kind = kindOf(value);
		if (!kind || !value || typeof value !== 'object' || !(SIG_FIELD in value)) continue;
		const record = value as Record<string, unknown>;
		const fields = fieldsOf(kind, key, record);
		if (fields) pending.push(prefetchRecord(fields, record[SIG_FIELD], cache));
	}
	await Promise.all(pending);
}

/** The calm words a person reads beside a record that does not count, or undefined. */
export function notCountedWords(record: CheckedRecord, authorName: string): string | undefined {
	if (record.finding) {
		return record.finding.type === 'future'
			? `This says it was written later than now, so it isn’t counted yet.`
			: `This was changed after it was locked. Both of you can see what it said before.`;
	}
	switch (record.verdict.status) {
		case 'forged':
			return `This was not written by ${authorName}’s devices, so it isn’t counted.`;
		case 'key-changed':
			return `${authorName}’s key has changed. Until you both compare your safety code again, this isn’t counted.`;
		case 'unsigned-legacy':
			return record.verdict.reason === 'before-signatures' ? 'From before signatures.' : undefined;
		default:
			return undefined;
	}
}
