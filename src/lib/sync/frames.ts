/**
 * Message framing below y-webrtc. Chromium refuses data-channel messages over 256 KiB and
 * y-webrtc swallows the error, so a large first sync would silently never arrive. Every
 * message is sent as one or more frames of at most FRAME_BYTES and put back together on
 * the other side. Both peers run this code, so both speak the framing.
 *
 * Frame layout: [0, ...message] for a message that fits in one frame, or
 * [1, id (u32), index (u32), count (u32), ...part] for a part of a larger one.
 */
export const FRAME_BYTES = 64 * 1024;
const HEADER = 13;
const WHOLE = 0;
const PART = 1;

/** Splits one message into frames no larger than FRAME_BYTES. */
export function toFrames(message: Uint8Array, id: number, frameBytes = FRAME_BYTES): Uint8Array[] {
	if (message.length + 1 <= frameBytes) {
		const frame = new Uint8Array(message.length + 1);
		frame[0] = WHOLE;
		frame.set(message, 1);
		return [frame];
	}
	const partBytes = frameBytes - HEADER;
	const count = Math.ceil(message.length / partBytes);
	const frames: Uint8Array[] = [];
	for (let index = 0; index < count; index++) {
		const part = message.subarray(index * partBytes, (index + 1) * partBytes);
		const frame = new Uint8Array(HEADER + part.length);
		const view = new DataView(frame.buffer);
		frame[0] = PART;
		view.setUint32(1, id >>> 0);
		view.setUint32(5, index);
		view.setUint32(9, count);
		frame.set(part, HEADER);
		frames.push(frame);
	}
	return frames;
}

/** Puts frames from one sender back into messages, in order. */
export class Reassembler {
	#parts = new Map<number, { count: number; received: number; parts: Uint8Array[] }>();

	/** Takes one frame; returns the completed message, or null while parts are missing. */
	push(frame: Uint8Array): Uint8Array | null {
		if (frame.length === 0) return null;
		if (frame[0] === WHOLE) return frame.subarray(1);
		if (frame[0] !== PART || frame.length < HEADER) return null;
		const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
		const id = view.getUint32(1);
		const index = view.getUint32(5);
		const count = view.getUint32(9);
		if (count === 0 || index >= count) return null;
		let entry = this.#parts.get(id);
		if (!entry || entry.count !== count) {
			entry = { count, received: 0, parts: new Array(count) };
			this.#parts.set(id, entry);
		}
		if (!entry.parts[index]) {
			entry.parts[index] = frame.slice(HEADER);
			entry.received++;
		}
		if (entry.received < entry.count) return null;
		this.#parts.delete(id);
		const total = entry.parts.reduce((n, p) => n + p.length, 0);
		const message = new Uint8Array(total);
		let offset = 0;
		for (const p of entry.parts) {
			message.set(p, offset);
			offset += p.length;
		}
		return message;
	}

	/** Bytes held for messages not yet complete. */
	get pendingParts(): number {
		let n = 0;
		for (const e of this.#parts.values()) n += e.received;
		return n;
	}
}
