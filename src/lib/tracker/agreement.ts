/** The agreed contract as the tracker counts it, shared by Today, the tracker and the long arc. */
import type * as Y from 'yjs';
import type { PartnerId } from '../schema';
import { listVersions, type VersionInfo } from '../contract/versions';
import { lapsesFromSetbacks } from '../setbacks/read';
import { toDay } from '../core/calendar';
import type { AgreedPeriod } from './model';
import type { Agreement } from './ledger';

/**
 * The versions both signed on their own hash, each in force from the day its last signature
 * landed (never before the one before it), with setbacks as lapses: a boundary is honoured each
 * day unless a lapse was logged. `agreed` lists the versions in the same order as the periods.
 */
export function agreementOf(
	doc: Y.Doc,
	partners: readonly PartnerId[]
): Agreement & { agreed: VersionInfo[] } {
	const periods: AgreedPeriod[] = [];
	const agreed: VersionInfo[] = [];
	if (partners.length >= 2) {
		for (const info of listVersions(doc, partners)) {
			if (!info.intact || info.signatures.length !== partners.length) continue;
			const signed = toDay(Math.max(...info.signatures.map((s) => s.signedAt)));
			const previous = periods[periods.length - 1]?.from;
			const from = previous && previous > signed ? previous : signed;
			periods.push({ from, commitments: info.version.content.clauses });
			agreed.push(info);
		}
	}
	return { periods, partners, lapses: lapsesFromSetbacks(doc), agreed };
}
