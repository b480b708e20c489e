/** Random ids for entities in the shared document (clauses, versions …). */

/** A fresh random id: 16 base64url characters (96 bits from crypto.getRandomValues). */
export function newId(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(12));
	let binary = '';
	for (const byte of bytes) binary += String.fromCharCode(byte);
	// 12 bytes encode to exactly 16 characters, so there is never any '=' padding to strip.
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_');
}
