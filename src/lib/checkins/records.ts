/** Reading the check-in records of `roots.checkins` once, grouped by check-in. */
import type * as Y from 'yjs';
import { roots } from '../schema';
import { isDayShaped } from '../core/calendar';
import {
	byAt,
	isNum,
	isRecord,
	type CheckinRecord,
	type EventRecord,
	type PostponeRecord,
	type StartRecord
} from './model';

/** Everything recorded about one check-in's timing. */
export interface CheckinParts {
	record?: CheckinRecord;
	/** Each partner's earliest start, oldest first. */
	starts: StartRecord[];
	postpones: PostponeRecord[];
	events: EventRecord[];
}

const EVENT_KINDS = ['pause', 'stop', 'resume', 'finish'];

function isCheckinRecord(v: unknown): v is CheckinRecord {
	return (
		isRecord<CheckinRecord>(v, 'checkin') &&
		typeof v.id === 'string' &&
		isDayShaped(v.week) &&
		isNum(v.plannedAt)
	);
}

/** Timing records grouped by check-in id (one pass over the map). */
export function readCheckinParts(doc: Y.Doc): Map<string, CheckinParts> {
	const out = new Map<string, CheckinParts>();
	const parts = (id: string) => {
		let p = out.get(id);
		if (!p) out.set(id, (p = { starts: [], postpones: [], events: [] }));
		return p;
	};
	roots.checkins(doc).forEach((v, key) => {
		if (isCheckinRecord(v)) {
			if (v.id === key) parts(v.id).record = v;
		} else if (isRecord<StartRecord>(v, 'start')) {
			if (typeof v.checkinId === 'string' && typeof v.by === 'string' && isNum(v.at))
				parts(v.checkinId).starts.push(v);
		} else if (isRecord<PostponeRecord>(v, 'postpone')) {
			if (typeof v.checkinId === 'string' && isNum(v.at) && isNum(v.to))
				parts(v.checkinId).postpones.push(v);
		} else if (isRecord<EventRecord>(v, 'event')) {
			if (typeof v.checkinId === 'string' && isNum(v.at) && EVENT_KINDS.includes(v.kind))
				parts(v.checkinId).events.push(v);
		}
	});
	for (const p of out.values()) {
		p.starts.sort((a, b) => a.at - b.at || (a.by < b.by ? -1 : 1));
		// One partner's two devices may both have started it: their earlier start counts.
		p.starts = p.starts.filter((s, i) => p.starts.findIndex((t) => t.by === s.by) === i);
		p.postpones.sort(byAt);
		p.events.sort(byAt);
	}
	return out;
}
