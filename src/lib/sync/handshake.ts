/**
 * The one-time handshake on an invite's (or device link's) room: the newcomer asks, the device
 * that made the link answers once, sealed for that newcomer alone. It runs on a small Y.Doc of
 * its own (the "lobby"), never the space: whoever else holds the link sees requests and sealed
 * answers, and not one byte of the space.
 *
 * Sealing: each side has a fresh ECDH P-256 key pair; the AES-256-GCM key is HKDF-SHA-256 of the
 * shared secret, salted with both public keys. The same secret gives the 6-digit code two
 * screens compare when a person adds their own device (`matchCode`).
 */
import * as Y from 'yjs';
import { fromBase64Url, toBase64Url } from './base64';

/** A newcomer's request, as written into the lobby. */
export interface JoinRequest {
	/** The newcomer's public key (raw P-256, base64url); it names the request. */
	pub: string;
	/** Who the newcomer is in the space (a partner's new id, or the owner's id for own devices). */
	partnerId: string;
	at: number;
}

/** The answer to one request: sealed for it, or "this link was already used". */
export type JoinAnswer =
	| { kind: 'sealed'; pub: string; iv: string; sealed: string }
	| { kind: 'used' }
	/** For own-device links: the code was shown; the owner has not confirmed yet. */
	| { kind: 'confirm'; pub: string };

/** The lobby's roots (in memory only, never saved). */
export const lobbyRoots = {
	requests: (lobby: Y.Doc) => lobby.getMap<JoinRequest>('requests'),
	answers: (lobby: Y.Doc) => lobby.getMap<JoinAnswer>('answers')
} as const;

const CURVE = { name: 'ECDH', namedCurve: 'P-256' } as const;

/** One side's key pair for a handshake, with its public half as text. */
export interface HandshakeKeys {
	pair: CryptoKeyPair;
	pub: string;
}

/** A fresh key pair for one handshake. */
export async function newHandshakeKeys(): Promise<HandshakeKeys> {
	const pair = (await crypto.subtle.generateKey(CURVE, true, ['deriveBits'])) as CryptoKeyPair;
	const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
	return { pair, pub: toBase64Url(raw) };
}

/** A newcomer's keys as text, kept in its settings so a reload mid-handshake asks again as itself. */
export async function exportHandshakeKeys(keys: HandshakeKeys): Promise<string> {
	return JSON.stringify(await crypto.subtle.exportKey('jwk', keys.pair.privateKey));
}

/** Keys saved by `exportHandshakeKeys`; null when unreadable. */
export async function importHandshakeKeys(saved: string): Promise<HandshakeKeys | null> {
	try {
		const jwk = JSON.parse(saved) as JsonWebKey;
		const privateKey = await crypto.subtle.importKey('jwk', jwk, CURVE, true, ['deriveBits']);
		const { d: _d, ...pubJwk } = jwk;
		void _d;
		const publicKey = await crypto.subtle.importKey(
			'jwk',
			{ ...pubJwk, key_ops: [] },
			CURVE,
			true,
			[]
		);
		const raw = new Uint8Array(await crypto.subtle.exportKey('raw', publicKey));
		return { pair: { privateKey, publicKey }, pub: toBase64Url(raw) };
	} catch {
		return null;
	}
}

async function sharedBits(own: CryptoKeyPair, theirPub: string): Promise<Uint8Array> {
	const theirs = await crypto.subtle.importKey(
		'raw',
		fromBase64Url(theirPub) as Uint8Array<ArrayBuffer>,
		CURVE,
		false,
		[]
	);
	return new Uint8Array(
		await crypto.subtle.deriveBits({ name: 'ECDH', public: theirs }, own.privateKey, 256)
	);
}

/** Both public keys in a fixed order, so both sides derive the same thing. */
function saltOf(a: string, b: string): Uint8Array<ArrayBuffer> {
	return new TextEncoder().encode([a, b].sort().join('.'));
}

async function aesKey(own: CryptoKeyPair, ownPub: string, theirPub: string): Promise<CryptoKey> {
	const bits = await sharedBits(own, theirPub);
	const base = await crypto.subtle.importKey(
		'raw',
		bits as Uint8Array<ArrayBuffer>,
		'HKDF',
		false,
		['deriveKey']
	);
	return crypto.subtle.deriveKey(
		{
			name: 'HKDF',
			hash: 'SHA-256',
			salt: saltOf(ownPub, theirPub),
			info: new TextEncoder().encode('kept-handshake/v1 seal')
		},
		base,
		{ name: 'AES-GCM', length: 256 },
		false,
		['encrypt', 'decrypt']
	);
}

/** Seals `payload` for the newcomer whose public key is `theirPub`. */
export async function sealFor(theirPub: string, payload: unknown): Promise<JoinAnswer> {
	return sealWith(await newHandshakeKeys(), theirPub, payload);
}

/**
 * Seals with a given key pair: for own devices, the pair whose match code the person compared,
 * so what is sealed can only be opened by the device that showed the same code.
 */
export async function sealWith(
	own: HandshakeKeys,
	theirPub: string,
	payload: unknown
): Promise<JoinAnswer> {
	const key = await aesKey(own.pair, own.pub, theirPub);
	const iv = crypto.getRandomValues(new Uint8Array(12));
	const sealed = await crypto.subtle.encrypt(
		{ name: 'AES-GCM', iv },
		key,
		new TextEncoder().encode(JSON.stringify(payload))
	);
	return {
		kind: 'sealed',
		pub: own.pub,
		iv: toBase64Url(iv),
		sealed: toBase64Url(new Uint8Array(sealed))
	};
}

/** Opens an answer sealed for this newcomer; null when it isn't one (or was tampered with). */
export async function openSealed(own: HandshakeKeys, answer: JoinAnswer): Promise<unknown> {
	if (answer.kind !== 'sealed') return null;
	try {
		const key = await aesKey(own.pair, own.pub, answer.pub);
		const plain = await crypto.subtle.decrypt(
			{ name: 'AES-GCM', iv: fromBase64Url(answer.iv) as Uint8Array<ArrayBuffer> },
			key,
			fromBase64Url(answer.sealed) as Uint8Array<ArrayBuffer>
		);
		return JSON.parse(new TextDecoder().decode(plain));
	} catch {
		return null;
	}
}

/**
 * The 6-digit code both screens show when adding an own device: from the ECDH secret and both
 * public keys, so a device in the middle (someone else who opened the link) shows another code.
 */
export async function matchCode(own: HandshakeKeys, theirPub: string): Promise<string> {
	const bits = await sharedBits(own.pair, theirPub);
	const salt = saltOf(own.pub, theirPub);
	const input = new Uint8Array(bits.length + salt.length);
	input.set(bits);
	input.set(salt, bits.length);
	const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', input));
	const n = new DataView(digest.buffer).getUint32(0) % 1_000_000;
	return String(n).padStart(6, '0');
}

/** The newcomer: writes its request (once; writing it again changes nothing). */
export function requestJoin(lobby: Y.Doc, request: JoinRequest): void {
	const requests = lobbyRoots.requests(lobby);
	if (requests.has(request.pub)) return;
	requests.set(request.pub, request);
}

/** Requests that have no answer yet, oldest first. */
export function unanswered(lobby: Y.Doc): JoinRequest[] {
	const answers = lobbyRoots.answers(lobby);
	return [...lobbyRoots.requests(lobby).values()]
		.filter((r) => r && typeof r.pub === 'string' && !answers.has(r.pub))
		.sort((a, b) => a.at - b.at || (a.pub < b.pub ? -1 : 1));
}

/** Writes the answer to one request. */
export function answer(lobby: Y.Doc, pub: string, reply: JoinAnswer): void {
	lobbyRoots.answers(lobby).set(pub, reply);
}

/** The answer to this newcomer's request, once there is one. */
export function answerFor(lobby: Y.Doc, pub: string): JoinAnswer | undefined {
	return lobbyRoots.answers(lobby).get(pub);
}
