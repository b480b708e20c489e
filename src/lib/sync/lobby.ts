/**
 * A handshake room on the network: a small in-memory Y.Doc (`handshake.ts`) synced in the room
 * of a one-time key. Never the space: whoever else holds the link finds at most sealed answers.
 */
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import type { PeerSync } from './webrtc';

/** How to reach peers (as for a space). */
export interface LobbyOptions {
	key: string;
	signaling: string;
	iceServers: RTCIceServer[];
	relayOnly?: boolean;
	/** Called on every change of the lobby's document. */
	onChange: (lobby: Y.Doc) => void;
}

/** A running handshake room; `close()` leaves it and frees everything. */
export class Lobby {
	readonly doc = new Y.Doc();
	#sync: PeerSync | null = null;
	#closed = false;

	constructor(private readonly options: LobbyOptions) {
		this.doc.on('update', () => options.onChange(this.doc));
	}

	/** Joins the room (loads WebRTC on first use). */
	async open(): Promise<void> {
		const { PeerSync } = await import('./webrtc');
		if (this.#closed) return;
		this.#sync = new PeerSync(this.doc, new Awareness(this.doc), {
			key: this.options.key,
			signaling: this.options.signaling,
			iceServers: this.options.iceServers,
			relayOnly: this.options.relayOnly
		});
	}

	/** Whether the signaling server is reachable. */
	get connected(): boolean {
		return this.#sync?.signalingConnected ?? false;
	}

	close(): void {
		this.#closed = true;
		this.#sync?.destroy();
		this.#sync = null;
		this.doc.destroy();
	}
}
