/**
 * A change to the past one device saw, published so both partners see it: the observer signs a
 * copy of its finding into the shared document. Removing it changes nothing for long: the
 * observer's own memory keeps the finding and publishes it again (`missingFindings`).
 */
import type { Instant, PartnerId } from '../schema';
import type { SigningKeys } from './keys';
import type { Finding, LockMemory } from './locks';
import { recordKind, signValue, verifyValue } from './records';
import { counts, type VerifyContext } from './sign';

/** A published finding (on-disk format, v1), under `findingKey(finding.key, by)`. */
export interface FindingRecord extends Record<string, unknown> {
	type: 'finding';
	by: PartnerId;
	at: Instant;
	finding: Finding;
}

const FINDING_KIND = recordKind('finding', 'by', 'at');

/** Where one device-holder's copy of a finding lives. */
export const findingKey = (recordKey: string, by: PartnerId) => `finding:${recordKey}:${by}`;

/** The signed record publishing a finding. */
export function publishFinding(
	finding: Finding,
	by: PartnerId,
	at: Instant,
	keys: SigningKeys
): FindingRecord {
	const value: FindingRecord = { type: 'finding', by, at, finding: plain(finding) };
	return signValue(FINDING_KIND, findingKey(finding.key, by), value, keys);
}

/** The findings this device holds that the shared document lacks (to publish, or publish again). */
export function missingFindings(
	memory: LockMemory,
	by: PartnerId,
	read: (key: string) => unknown
): Finding[] {
	return Object.values(memory.flagged).filter(
		(f) => f.type !== 'future' && read(findingKey(f.key, by)) === undefined
	);
}

/**
 * Every published finding that counts (signed by the partner who says they saw it), by the key
 * of the record it is about: what both partners' screens show beside that record.
 */
export function publishedFindings(
	entries: Iterable<[string, unknown]>,
	ctx: VerifyContext
): Map<string, { by: PartnerId; at: Instant; finding: Finding }[]> {
	const out = new Map<string, { by: PartnerId; at: Instant; finding: Finding }[]>();
	for (const [key, value] of entries) {
		if (!key.startsWith('finding:')) continue;
		const r = value as Partial<FindingRecord> | undefined;
		if (r?.type !== 'finding' || !r.finding || typeof r.finding.key !== 'string') continue;
		if (key !== findingKey(r.finding.key, r.by as string)) continue;
		if (!counts(verifyValue(FINDING_KIND, key, value, ctx))) continue;
		const list = out.get(r.finding.key) ?? [];
		list.push({ by: r.by as PartnerId, at: r.at as Instant, finding: r.finding });
		out.set(r.finding.key, list);
	}
	return out;
}

/** A finding as JSON (a removed record's `after` is undefined: left out). */
function plain(finding: Finding): Finding {
	return JSON.parse(JSON.stringify(finding)) as Finding;
}
