/**
 * Before anything journal-related is shown, the person proves they are this device's owner:
 * with the device's own screen lock (WebAuthn user verification on a platform authenticator)
 * where the browser offers it, else with a Kept passcode they set, kept only as a PBKDF2 hash.
 */
import { fromBase64Url, toBase64Url } from './base64';

/** How this device checks its owner. */
export type OwnerLock =
	| { kind: 'screen-lock'; credentialId: string }
	| { kind: 'passcode'; salt: string; hash: string; iterations: number };

/** PBKDF2-SHA-256 iterations for a passcode (OWASP's figure for SHA-256). */
const ITERATIONS = 600_000;
/** The shortest passcode Kept accepts. */
export const PASSCODE_MIN = 6;

async function derive(passcode: string, salt: Uint8Array, iterations: number): Promise<string> {
	const base = await crypto.subtle.importKey(
		'raw',
		new TextEncoder().encode(passcode.normalize('NFKC')),
		'PBKDF2',
		false,
		['deriveBits']
	);
	const bits = await crypto.subtle.deriveBits(
		{ name: 'PBKDF2', hash: 'SHA-256', salt: salt as Uint8Array<ArrayBuffer>, iterations },
		base,
		256
	);
	return toBase64Url(new Uint8Array(bits));
}

/** A passcode lock for a passcode the person chose. */
export async function passcodeLock(passcode: string, iterations = ITERATIONS): Promise<OwnerLock> {
	const salt = crypto.getRandomValues(new Uint8Array(16));
	return {
		kind: 'passcode',
		salt: toBase64Url(salt),
		hash: await derive(passcode, salt, iterations),
		iterations
	};
}

/** Whether `passcode` opens this lock. */
export async function checkPasscode(lock: OwnerLock, passcode: string): Promise<boolean> {
	if (lock.kind !== 'passcode') return false;
	const hash = await derive(passcode, fromBase64Url(lock.salt), lock.iterations);
	return hash === lock.hash;
}

/** Whether this browser offers the device's own screen lock to web pages. */
export async function screenLockAvailable(): Promise<boolean> {
	try {
		return (
			typeof PublicKeyCredential !== 'undefined' &&
			(await PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable())
		);
	} catch {
		return false;
	}
}

/** The "user verified" flag of WebAuthn authenticator data. */
function userVerified(authenticatorData: ArrayBuffer): boolean {
	const flags = new Uint8Array(authenticatorData)[32] ?? 0;
	return (flags & 0x04) !== 0;
}

/** Sets up the screen lock check (the browser asks for the fingerprint, face or PIN). */
export async function screenLockSetUp(): Promise<OwnerLock | null> {
	try {
		const credential = (await navigator.credentials.create({
			publicKey: {
				challenge: crypto.getRandomValues(new Uint8Array(32)),
				rp: { name: 'Kept' },
				user: {
					id: crypto.getRandomValues(new Uint8Array(16)),
					name: 'kept-owner',
					displayName: 'Owner of this device'
				},
				pubKeyCredParams: [
					{ type: 'public-key', alg: -7 },
					{ type: 'public-key', alg: -257 }
				],
				authenticatorSelection: {
					authenticatorAttachment: 'platform',
					userVerification: 'required',
					residentKey: 'discouraged'
				},
				timeout: 60_000
			}
		})) as PublicKeyCredential | null;
		if (!credential) return null;
		return { kind: 'screen-lock', credentialId: toBase64Url(new Uint8Array(credential.rawId)) };
	} catch {
		return null;
	}
}

/** Asks for the screen lock; true only when the device verified its user. */
export async function screenLockCheck(lock: OwnerLock): Promise<boolean> {
	if (lock.kind !== 'screen-lock') return false;
	try {
		const credential = (await navigator.credentials.get({
			publicKey: {
				challenge: crypto.getRandomValues(new Uint8Array(32)),
				allowCredentials: [
					{ type: 'public-key', id: fromBase64Url(lock.credentialId) as Uint8Array<ArrayBuffer> }
				],
				userVerification: 'required',
				timeout: 60_000
			}
		})) as PublicKeyCredential | null;
		const response = credential?.response as AuthenticatorAssertionResponse | undefined;
		return !!response && userVerified(response.authenticatorData);
	} catch {
		return false;
	}
}
