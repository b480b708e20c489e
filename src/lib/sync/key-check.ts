/** Whether a signaling message of y-webrtc's opens with a key (its format: AES-GCM, iv, cipher). */
import * as decoding from 'lib0/decoding';
import { fromBase64 } from 'lib0/buffer';

/** Resolves true when `data` (base64) decrypts with `key`, false when it was sealed otherwise. */
export async function opensWithKey(data: string, key: CryptoKey): Promise<boolean> {
	try {
		const decoder = decoding.createDecoder(fromBase64(data));
		if (decoding.readVarString(decoder) !== 'AES-GCM') return false;
		const iv = decoding.readVarUint8Array(decoder);
		const cipher = decoding.readVarUint8Array(decoder);
		await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, key, cipher);
		return true;
	} catch {
		return false;
	}
}
