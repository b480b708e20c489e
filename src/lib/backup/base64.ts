/** Standard base64 for the backup file's binary fields; chunked, so megabytes stay fast. */

/** Bytes as base64 (with padding). */
export function toBase64(bytes: Uint8Array): string {
	let binary = '';
	for (let i = 0; i < bytes.length; i += 0x8000) {
		binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	}
	return btoa(binary);
}

/** The bytes of a base64 string; throws on anything that isn't base64. */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
	if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
		throw new Error('Not base64');
	}
	const binary = atob(text);
	const bytes = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
	return bytes;
}
