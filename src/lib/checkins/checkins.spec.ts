import { describe, expect, test } from 'vitest';
import { roots } from '../schema';
import { connect, exchange } from '../test/peers';
import { currentCheckin, listCheckins, readCheckin } from './checkins';
import {
	finishCheckin,
	pauseCheckin,
	postponeCheckin,
	resumeCheckin,
	startCheckin,
	stopCheckin
} from './lifecycle';
import { ANA, BEN, MONDAY, SUNDAY, at, space } from './fixtures';
import { checkinIdOf } from './schedule';

const ID = checkinIdOf(MONDAY);

describe('starting together', () => {
	test('both partners starting at the same moment on two offline devices make one check-in', () => {
		const { a, b } = space();
		expect(startCheckin(a, ID, ANA, at(SUNDAY, '20:03'))).toEqual({ ok: true, id: ID });
		expect(startCheckin(b, ID, BEN, at(SUNDAY, '20:02'))).toEqual({ ok: true, id: ID });
		exchange(a, b);
		const [one, ...none] = listCheckins(a, at(SUNDAY, '20:10'));
		expect(none).toEqual([]);
		expect(one).toMatchObject({
			id: ID,
			plannedAt: at(SUNDAY, '20:00'),
			startedAt: at(SUNDAY, '20:02'),
			startedBy: BEN,
			state: 'inProgress'
		});
		expect(one.starts.map((s) => s.by)).toEqual([BEN, ANA]);
		expect(roots.checkins(b).toJSON()).toEqual(roots.checkins(a).toJSON());
	});

	test('one partner starting on two devices keeps the earlier start, and repeating changes nothing', () => {
		const { a, b } = space();
		startCheckin(a, ID, ANA, at(SUNDAY, '20:04'));
		startCheckin(b, ID, ANA, at(SUNDAY, '19:58'));
		exchange(a, b);
		startCheckin(a, ID, ANA, at(SUNDAY, '20:30'));
		const c = readCheckin(a, ID, at(SUNDAY, '20:31'));
		expect(c?.startedAt).toBe(at(SUNDAY, '19:58'));
		expect(c?.starts).toHaveLength(1);
	});
});

describe('pausing, stopping, finishing', () => {
	test('a pause on one device and a stop on the other at once are one break', () => {
		const { a, b } = space();
		const stop = connect(a, b);
		startCheckin(a, ID, ANA, at(SUNDAY, '20:00'));
		stop();
		pauseCheckin(a, ID, ANA, at(SUNDAY, '20:10'));
		stopCheckin(b, ID, BEN, at(SUNDAY, '20:11'));
		exchange(a, b);
		const c = readCheckin(b, ID, at(SUNDAY, '20:12'));
		expect(c?.state).toBe('paused');
		expect(c?.breaks).toEqual([{ kind: 'pause', at: at(SUNDAY, '20:10'), by: ANA }]);
		resumeCheckin(b, ID, BEN, at(SUNDAY, '20:15'));
		// Resuming what already runs (the other device did) is a calm no-op.
		exchange(a, b);
		resumeCheckin(a, ID, ANA, at(SUNDAY, '20:16'));
		expect(readCheckin(a, ID, at(SUNDAY, '20:17'))?.breaks).toEqual([
			{ kind: 'pause', at: at(SUNDAY, '20:10'), by: ANA, resumedAt: at(SUNDAY, '20:15') }
		]);
		expect(finishCheckin(a, ID, ANA, at(SUNDAY, '20:50'))).toEqual({ ok: true, id: ID });
		expect(readCheckin(a, ID)).toMatchObject({ state: 'finished', finishedBy: ANA });
		expect(startCheckin(a, ID, ANA)).toEqual({ ok: false, reason: 'finished' });
	});

	test('a resume stamped by a clock that runs behind still follows its pause', () => {
		const { a } = space();
		startCheckin(a, ID, ANA, at(SUNDAY, '20:00'));
		pauseCheckin(a, ID, ANA, at(SUNDAY, '20:10'));
		resumeCheckin(a, ID, BEN, at(SUNDAY, '20:05'));
		expect(readCheckin(a, ID, at(SUNDAY, '20:20'))?.state).toBe('inProgress');
	});

	test('nothing to pause before the start', () => {
		const { a } = space();
		expect(pauseCheckin(a, ID, ANA, at(SUNDAY, '19:00'))).toEqual({
			ok: false,
			reason: 'notStarted'
		});
	});

	test('a check-in stopped and never finished is listed honestly as unfinished', () => {
		const { a } = space();
		startCheckin(a, ID, ANA, at(SUNDAY, '20:00'));
		stopCheckin(a, ID, ANA, at(SUNDAY, '20:20'));
		expect(readCheckin(a, ID, at('2026-03-09', '20:00'))?.state).toBe('stopped');
		expect(readCheckin(a, ID, at('2026-03-13', '20:00'))?.state).toBe('unfinished');
		// A week nobody acted on reads as not held, from the schedule alone.
		expect(readCheckin(a, checkinIdOf('2026-03-09'), at('2026-03-20', '12:00'))?.state).toBe(
			'notHeld'
		);
	});
});

describe('the current check-in', () => {
	test('last week’s when only a little late, this week’s once nearer or once last week’s is done', () => {
		const { a } = space();
		expect(currentCheckin(a, at('2026-03-09', '10:00'))?.id).toBe(ID);
		expect(currentCheckin(a, at('2026-03-12', '10:00'))?.id).toBe(checkinIdOf('2026-03-09'));
		startCheckin(a, ID, ANA, at('2026-03-09', '09:00'));
		expect(currentCheckin(a, at('2026-03-11', '09:00'))?.id).toBe(ID);
		finishCheckin(a, ID, ANA, at('2026-03-09', '10:00'));
		expect(currentCheckin(a, at('2026-03-09', '10:01'))?.id).toBe(checkinIdOf('2026-03-09'));
	});

	test('a postponement moves when it is due, and only before it started', () => {
		const { a } = space();
		const to = at('2026-03-09', '19:00');
		expect(postponeCheckin(a, ID, BEN, to, at(SUNDAY, '12:00'))).toEqual({ ok: true, id: ID });
		expect(readCheckin(a, ID, at(SUNDAY, '12:01'))).toMatchObject({
			plannedAt: at(SUNDAY, '20:00'),
			dueAt: to,
			postponedInTime: true,
			state: 'postponed'
		});
		expect(postponeCheckin(a, ID, BEN, at(SUNDAY, '11:00'), at(SUNDAY, '12:00'))).toEqual({
			ok: false,
			reason: 'invalid'
		});
		startCheckin(a, ID, ANA, to);
		expect(postponeCheckin(a, ID, BEN, to + 3_600_000, to + 60_000)).toEqual({
			ok: false,
			reason: 'invalid'
		});
	});
});
