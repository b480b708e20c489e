/**
 * What must hold once the faults end and every replica has heard everything: replicas are
 * identical, nothing acknowledged is lost, versions are agreed only on both partners' signatures
 * of the same verified hash, and nothing private reached the shared document. Hashes are
 * recomputed here independently of the app's code (node:crypto, own canonical JSON). Test-only.
 */
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import * as Y from 'yjs';
import { answersOf, draftOf, hasSubmitted } from '../checkins';
import { listVersions } from '../contract/versions';
import { readInsight } from '../journal/insights';
import { roots } from '../schema';
import { privateViews, sharedViews } from './views';
import { markersIn, PARTNERS, type World } from './world';

/** JSON with object keys sorted at every level and undefined members left out. */
function canonical(v: unknown): string {
	if (Array.isArray(v))
		return `[${v.map((x) => (x === undefined ? 'null' : canonical(x))).join(',')}]`;
	if (v && typeof v === 'object') {
		const o = v as Record<string, unknown>;
		const keys = Object.keys(o)
			.filter((k) => o[k] !== undefined)
			.sort();
		return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
	}
	return JSON.stringify(v) ?? 'null';
}

/** A short hash of a doc's whole content: two runs of one seed end with the same one. */
export function fingerprint(doc: Y.Doc): string {
	const content = [...doc.share.keys()].sort().map((n) => [n, doc.getMap(n).toJSON()]);
	return recomputeHash(content).slice(0, 12);
}

/** SHA-256 (hex) of the content's canonical JSON. */
export function recomputeHash(content: unknown): string {
	return createHash('sha256').update(canonical(content), 'utf8').digest('hex');
}

/** Every replica of each document is identical: same state, same deletions, same content. */
export function expectConverged(w: World): void {
	for (const group of w.groups) {
		const [first, ...rest] = w.replicasOf(group).map((r) => r.doc!);
		const names = (doc: Y.Doc) => [...doc.share.keys()];
		const all = [...new Set([first, ...rest].flatMap(names))].sort();
		// Key order follows arrival order, which differs between replicas; content must not.
		const json = (doc: Y.Doc) => canonical(all.map((n) => doc.getMap(n).toJSON()));
		for (const doc of [first, ...rest]) {
			const at = `${w.at}: ${group} replica ${doc.clientID}`;
			expect(doc.store.pendingStructs, `${at} has updates it cannot apply`).toBeNull();
			expect(doc.store.pendingDs, `${at} has deletions it cannot apply`).toBeNull();
		}
		for (const doc of rest) {
			const at = `${w.at}: ${group} replicas differ`;
			expect(Y.encodeStateVector(doc), at).toEqual(Y.encodeStateVector(first));
			expect(Y.equalSnapshots(Y.snapshot(doc), Y.snapshot(first)), at).toBe(true);
			expect(json(doc), at).toBe(json(first));
		}
	}
}

/** Identical documents show identical screens on every device (lists in the same order). */
export function expectSameViews(w: World): void {
	for (const group of w.groups) {
		const views = group === 'shared' ? sharedViews : privateViews;
		const [first, ...rest] = w.replicasOf(group).map((r) => views(r.doc!, w.now));
		for (const other of rest) {
			for (const key of Object.keys(first)) {
				const [a, b] = [canonical(first[key]), canonical(other[key])];
				if (a === b) continue;
				let i = 0;
				while (a[i] === b[i]) i++;
				const around = (x: string) => x.slice(Math.max(0, i - 120), i + 120);
				expect.fail(`${w.at}: ${group} '${key}' shows differently on two devices:
  ${around(a)}
  ${around(b)}`);
			}
		}
	}
}

/** Every acknowledged value and every typed marker is there (unless a device erased it). */
export function expectNothingLost(w: World): void {
	for (const group of w.groups) {
		const doc = w.replicasOf(group)[0].doc!;
		expect(w.writes.lostWrites(doc, group), `${w.at}: ${group} lost writes`).toEqual([]);
	}
	const missing: string[] = [];
	for (const m of w.textMarkers) {
		if (w.erased.has(m.marker) || w.erasedEntries.has(m.path.split('/')[1])) continue;
		const doc = w.replicasOf(m.group)[0].doc!;
		const [root, ...keys] = m.path.split('/');
		let node: unknown = doc.getMap(root);
		for (const key of keys) node = node instanceof Y.Map ? node.get(key) : undefined;
		const text = node instanceof Y.Text ? node.toString() : '';
		if (!text.includes(m.marker)) missing.push(`${m.marker} (step ${m.step}) in ${m.path}`);
	}
	expect(missing, `${w.at}: typed text lost`).toEqual([]);
}

/** A version is agreed only when both partners signed its own, recomputed hash. */
export function expectVersionsHonest(w: World): void {
	const doc = w.replicasOf('shared')[0].doc!;
	const signatures = roots.signatures(doc);
	const infos = listVersions(doc, PARTNERS);
	const agreeable = infos.map(({ version }) => {
		const stored = roots.revisions(doc).get(version.id) as { content: unknown; hash: string };
		const hash = recomputeHash(stored.content);
		const intact = hash === stored.hash;
		if (w.damaged.has(version.id)) expect(intact, `${w.at}: damage went unnoticed`).toBe(false);
		return (
			intact &&
			PARTNERS.every((p) => {
				const s = signatures.get(`${version.id}:${p}`) as Record<string, unknown> | undefined;
				return s?.hash === hash && s.partnerId === p && s.versionId === version.id;
			})
		);
	});
	const agreed = infos.findIndex((v) => v.state === 'agreed');
	expect(agreed, `${w.at}: the agreed version is not the latest both signed`).toBe(
		agreeable.lastIndexOf(true)
	);
	// Only a partner's own devices sign for them.
	for (const [path, writes] of w.writes.byPath) {
		if (!path.startsWith('signatures/')) continue;
		const partner = path.slice(path.lastIndexOf(':') + 1);
		for (const write of writes) {
			const device = w.devices.find((d) => d.name === write.device)!;
			expect(device.partner, `${w.at}: ${write.device} signed for ${partner}`).toBe(partner);
		}
	}
}

/**
 * Nothing private in the shared document's bytes: no journal words never chosen for sharing, no
 * words of a withdrawn insight, no refused rewrite of a locked entry; erased journal words are
 * gone from the private document too. Locked entries a write was refused on are still there.
 */
export function expectPrivacy(w: World): void {
	const doc = w.replicasOf('shared')[0].doc!;
	const shared = new Set(markersIn(Y.encodeStateAsUpdate(doc)));
	for (const m of shared) {
		if (m[2] === 'j') expect(w.sharedJournal.has(m), `${w.at}: journal ${m} leaked`).toBe(true);
		expect(w.refused.has(m), `${w.at}: refused rewrite ${m} was written`).toBe(false);
	}
	const live = new Set<string>();
	const withdrawn: string[] = [];
	for (const insight of w.made.insights) {
		const now = readInsight(doc, insight.id);
		if (now && !now.withdrawnAt) for (const m of markersIn(now.text)) live.add(m);
		else if (now?.withdrawnAt) withdrawn.push(...insight.markers);
	}
	for (const m of withdrawn) {
		if (!live.has(m))
			expect(shared.has(m), `${w.at}: withdrawn words ${m} still synced`).toBe(false);
	}
	for (const id of w.lockedEntries) {
		const entry = roots.log(doc).get(id) as { type?: string } | undefined;
		expect(entry?.type, `${w.at}: locked entry ${id} is gone`).toBe('entry');
	}
	for (const group of w.groups.filter((g) => g !== 'shared')) {
		const bytes = new Set(markersIn(Y.encodeStateAsUpdate(w.replicasOf(group)[0].doc!)));
		for (const m of w.erased)
			expect(bytes.has(m), `${w.at}: erased ${m} still in ${group}`).toBe(false);
	}
}

/** The check-ins someone submitted answers to. */
export function submittedCheckins(shared: Y.Doc): Set<string> {
	const ids = new Set<string>();
	for (const key of roots.checkins(shared).keys()) {
		const m = /^submitted:(checkin:[^:]+):/.exec(key);
		if (m) ids.add(m[1]);
	}
	return ids;
}

/** Once both partners submitted, each one's answers are shared as their devices last saved them. */
export function expectAnswersRevealed(w: World): void {
	const shared = w.replicasOf('shared')[0].doc!;
	for (const id of submittedCheckins(shared)) {
		if (!PARTNERS.every((p) => hasSubmitted(shared, id, p))) continue;
		for (const device of w.devices.filter(
			(d, i, all) => all.findIndex((e) => e.partner === d.partner) === i
		)) {
			const p = device.partner;
			const draft = draftOf(w.replicasOf(device.private.group)[0].doc!, id);
			const shown = answersOf(shared, id, p);
			expect(shown, `${w.at}: ${p}'s answers to ${id} never arrived`).toBeDefined();
			expect(
				shown?.answers,
				`${w.at}: ${p}'s answers to ${id} differ from their saved ones`
			).toEqual(draft?.answers);
		}
	}
}

/** Every check, on a healed world. */
export function expectAllInvariants(w: World): void {
	expectConverged(w);
	expectSameViews(w);
	expectNothingLost(w);
	expectVersionsHonest(w);
	expectPrivacy(w);
	expectAnswersRevealed(w);
}
