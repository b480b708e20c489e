import { describe, expect, test } from 'vitest';
import {
	checkSignalingUrl,
	connectSources,
	iceServersToText,
	loadDevice,
	parseIceServers,
	saveDevice,
	signalingUrlFor,
	type KeyValueStore
} from './device';

function memoryStore(): KeyValueStore {
	const m = new Map<string, string>();
	return {
		getItem: (k) => m.get(k) ?? null,
		setItem: (k, v) => void m.set(k, v),
		removeItem: (k) => void m.delete(k)
	};
}

describe('device settings', () => {
	test('round-trip, and unreadable settings count as a new device', () => {
		const store = memoryStore();
		saveDevice(store, { signalingUrl: 'wss://s.example/signal' });
		expect(loadDevice(store)).toEqual({ signalingUrl: 'wss://s.example/signal' });
		store.setItem('kept.device.v1', '{not json');
		expect(loadDevice(store)).toEqual({});
	});

	test('the signaling server defaults to the app’s own origin', () => {
		expect(signalingUrlFor({}, 'https://kept.example')).toBe('wss://kept.example/signal');
		expect(signalingUrlFor({}, 'http://localhost:4173')).toBe('ws://localhost:4173/signal');
		expect(signalingUrlFor({ signalingUrl: ' wss://x/signal ' }, 'http://a')).toBe(
			'wss://x/signal'
		);
	});

	test('signaling URLs and ICE servers are checked with calm messages', () => {
		expect(checkSignalingUrl('wss://x.org/signal')).toBeNull();
		expect(checkSignalingUrl('https://x.org')).toContain('wss://');
		expect(checkSignalingUrl('not a url')).toContain('web address');
		const ok = parseIceServers(
			'stun:stun.example.org:3478\nturn:turn.example.org:3478 sam s3cret\n'
		);
		expect(ok.error).toBeNull();
		expect(ok.servers).toEqual([
			{ urls: 'stun:stun.example.org:3478' },
			{ urls: 'turn:turn.example.org:3478', username: 'sam', credential: 's3cret' }
		]);
		expect(iceServersToText(ok.servers)).toBe(
			'stun:stun.example.org:3478\nturn:turn.example.org:3478 sam s3cret'
		);
		expect(parseIceServers('turn:t.org:3478').error).toContain('needs a user name');
		expect(parseIceServers('http://x').error).toContain('Line 1');
	});

	test('a signaling server the page’s policy would block is named before saving', () => {
		const connectSrc = connectSources(
			"default-src 'self'; connect-src 'self' wss://signal.example.org; base-uri 'none'"
		);
		expect(connectSrc).toEqual(["'self'", 'wss://signal.example.org']);
		const policy = { connectSrc, origin: 'https://kept.example' };
		expect(checkSignalingUrl('wss://kept.example/signal', policy)).toBeNull();
		expect(checkSignalingUrl('wss://signal.example.org/signal', policy)).toBeNull();
		expect(checkSignalingUrl('wss://elsewhere.example/signal', policy)).toContain(
			'may only connect to the servers it was set up with'
		);
		expect(checkSignalingUrl('ws://kept.example:8080/signal', policy)).not.toBeNull();
		expect(
			checkSignalingUrl('wss://x.org/signal', { connectSrc: ['wss:'], origin: 'https://a' })
		).toBeNull();
	});
});
