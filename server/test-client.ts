/** A real WebSocket client for the server's tests: it queues what it receives, in order. */
import { WebSocket, type ClientOptions } from 'ws';

/** One signaling frame, parsed. */
export type Frame = Record<string, unknown>;

/** A real ws client that queues what it receives, so tests can await frames in order. */
export class Client {
	readonly ws: WebSocket;
	readonly closed: Promise<number>;
	/** The close reason the server gave, once closed. */
	reason = '';
	#inbox: Frame[] = [];
	#waiting: ((frame: Frame) => void)[] = [];

	constructor(url: string, options?: ClientOptions) {
		this.ws = new WebSocket(url, options);
		this.ws.on('error', () => {});
		this.ws.on('message', (data) => {
			const frame = JSON.parse(String(data)) as Frame;
			const waiter = this.#waiting.shift();
			if (waiter) waiter(frame);
			else this.#inbox.push(frame);
		});
		this.closed = new Promise((done) =>
			this.ws.on('close', (code, reason) => {
				this.reason = String(reason);
				done(code);
			})
		);
	}

	opened(): Promise<void> {
		return new Promise((done, fail) => {
			this.ws.once('open', () => done());
			this.ws.once('unexpected-response', (_req, res) => fail(new Error(`HTTP ${res.statusCode}`)));
			this.ws.once('error', fail);
		});
	}

	send(frame: Frame): void {
		this.ws.send(JSON.stringify(frame));
	}

	next(): Promise<Frame> {
		const frame = this.#inbox.shift();
		if (frame) return Promise.resolve(frame);
		return new Promise((done) => this.#waiting.push(done));
	}

	/** Resolves once the server has handled everything sent before it (frames on one socket are ordered). */
	async roundTrip(): Promise<Frame> {
		this.send({ type: 'ping' });
		return this.next();
	}
}
