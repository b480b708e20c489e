import { describe, expect, test } from 'vitest';
import { FRAME_BYTES, Reassembler, toFrames } from './frames';

function bytes(n: number, seed = 1): Uint8Array {
	const out = new Uint8Array(n);
	for (let i = 0; i < n; i++) out[i] = (i * 31 + seed) & 0xff;
	return out;
}

function same(a: Uint8Array | null | undefined, b: Uint8Array): boolean {
	return !!a && Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b));
}

describe('message framing', () => {
	test('a small message is one frame and comes back whole', () => {
		const message = bytes(100);
		const frames = toFrames(message, 1);
		expect(frames).toHaveLength(1);
		expect(new Reassembler().push(frames[0])).toEqual(message);
	});

	test('a 5 MiB message is split into frames of at most 64 KiB and reassembled exactly', () => {
		const message = bytes(5 * 1024 * 1024);
		const frames = toFrames(message, 7);
		expect(frames.length).toBeGreaterThan(80);
		expect(Math.max(...frames.map((f) => f.length))).toBeLessThanOrEqual(FRAME_BYTES);
		const r = new Reassembler();
		const results = frames.map((f) => r.push(f));
		expect(results.slice(0, -1).every((x) => x === null)).toBe(true);
		expect(same(results.at(-1), message)).toBe(true);
		expect(r.pendingParts).toBe(0);
	});

	test('parts of two messages interleaved still come back as two whole messages', () => {
		const m1 = bytes(200_000, 1);
		const m2 = bytes(150_000, 2);
		const f1 = toFrames(m1, 1);
		const f2 = toFrames(m2, 2);
		const r = new Reassembler();
		const out: Uint8Array[] = [];
		for (let i = 0; i < Math.max(f1.length, f2.length); i++) {
			for (const f of [f1[i], f2[i]]) {
				const m = f && r.push(f);
				if (m) out.push(m);
			}
		}
		// The shorter message completes first; each arrives whole.
		expect(out).toHaveLength(2);
		expect(same(out[0], m2) && same(out[1], m1)).toBe(true);
	});

	test('garbage frames are ignored, never thrown on', () => {
		const r = new Reassembler();
		expect(r.push(new Uint8Array())).toBeNull();
		expect(r.push(Uint8Array.of(9, 1, 2))).toBeNull();
		expect(r.push(Uint8Array.of(1, 0, 0))).toBeNull();
	});

	test('a frame inside a larger buffer (as Node and simple-peer deliver them) is read correctly', () => {
		const message = bytes(300_000);
		const r = new Reassembler();
		let result: Uint8Array | null = null;
		for (const f of toFrames(message, 3)) {
			const host = new Uint8Array(f.length + 10);
			host.set(f, 5);
			result = r.push(host.subarray(5, 5 + f.length));
		}
		expect(same(result, message)).toBe(true);
	});
});
