/** Words and dates for the contract pages: calm, plain, and the same on every page. */
import type { ContractStanding } from '$lib/contract/contract.svelte';
import type { VersionInfo } from '$lib/contract/versions';
import type { PartnerId } from '$lib/schema';
import { longDate as formatDate } from '$lib/core/time';
import { YOUR_PARTNER_LOWER } from '$lib/core/words';

type Names = Readonly<Record<PartnerId, { name: string }>>;

/** "3 March 2026" on this device's calendar and language. */
export { formatDate };

/** A partner's name, or a kind stand-in for an id this device doesn't know yet. */
export function nameOf(names: Names, id: PartnerId): string {
	return names[id]?.name ?? YOUR_PARTNER_LOWER;
}

/** "Alex and Sam" */
export function both(list: string[]): string {
	return list.length <= 1 ? (list[0] ?? '') : `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`;
}

/** Who signed, and who hasn't yet: "Alex signed on 3 March 2026; waiting for Sam." */
export function signaturesLine(info: VersionInfo, names: Names, partnerIds: PartnerId[]): string {
	const signed = info.signatures.map(
		(s) => `${nameOf(names, s.partnerId)} on ${formatDate(s.signedAt)}`
	);
	const waiting = partnerIds.filter((p) => !info.signedBy.includes(p)).map((p) => nameOf(names, p));
	if (signed.length === 0) return 'Not signed yet.';
	const line = `Signed by ${both(signed)}.`;
	return info.state === 'proposed' && waiting.length
		? `${line} Waiting for ${both(waiting)}.`
		: line;
}

/** The one-line status at the top of the contract, and a calm sentence under it. */
export function standingWords(
	standing: ContractStanding,
	names: Names,
	partnerIds: PartnerId[]
): { line: string; detail: string } {
	switch (standing.kind) {
		case 'draft':
			return {
				line: 'Not agreed yet',
				detail: 'Write it together, then propose it as version 1 for you both to sign.'
			};
		case 'agreed':
			return {
				line: `Agreed — version ${standing.agreed.label}`,
				detail: `${signaturesLine(standing.agreed, names, partnerIds)} This is the version that counts.`
			};
		case 'changed':
			return {
				line: `Changes since version ${standing.agreed.label}, not yet agreed`,
				detail: `Version ${standing.agreed.label} is still the one that counts. When you’re both ready, propose the changes as a new version.`
			};
		case 'proposed': {
			const { proposal, agreed, editedSince } = standing;
			const waiting = partnerIds.filter((p) => !proposal.signedBy.includes(p));
			const signed = proposal.signedBy.map((p) => nameOf(names, p));
			const who =
				signed.length === 0
					? 'Nobody has signed it yet.'
					: `${both(signed)} signed; waiting for ${both(waiting.map((p) => nameOf(names, p))) || 'your partner to join'}.`;
			const counts = agreed ? ` Version ${agreed.label} counts until then.` : '';
			const edits = editedSince
				? ' There are edits since it was proposed; they’ll need a new version.'
				: '';
			return {
				line: `Version ${proposal.label} proposed — waiting for signatures`,
				detail: who + counts + edits
			};
		}
	}
}

/** A version's state in a few words, telling an agreed-then-replaced version from an unsigned one. */
export function stateWords(info: VersionInfo, partnerCount: number): string {
	if (!info.intact) return 'This copy no longer matches its fingerprint';
	if (info.state === 'agreed') return 'Agreed — the version that counts';
	if (info.state === 'proposed') return 'Waiting for signatures';
	const wasAgreed = partnerCount >= 2 && info.signedBy.length === partnerCount;
	return wasAgreed
		? 'Agreed, later replaced'
		: 'Not signed by both; a newer version took its place';
}
