/** Passphrases for backups: what is long enough, and a suggestion that is easy to say and type. */

/** Shortest passphrase accepted, in characters. */
export const PASSPHRASE_MIN = 12;

const CONSONANTS = 'bdfghjklmnprstvz'; // 16: four bits each, no bias
const VOWELS = 'aeiou';

/** Why a passphrase can't be used yet, in a calm sentence; null when it can. */
export function passphraseProblem(passphrase: string, again: string): string | null {
	if (Array.from(passphrase).length < PASSPHRASE_MIN) {
		return `Use at least ${PASSPHRASE_MIN} characters — a few unrelated words work well.`;
	}
	if (!passphrase.trim()) return 'A passphrase of only spaces would be easy to guess.';
	if (passphrase !== again) return 'The two passphrases are different. Type the same one twice.';
	return null;
}

/**
 * A random passphrase of six pronounceable four-letter groups ("tavo-rimu-…"): 12 syllables of
 * 16 × 5 choices, about 76 bits — beyond guessing, even before scrypt's cost.
 */
export function suggestPassphrase(): string {
	const groups: string[] = [];
	for (let g = 0; g < 6; g++) {
		let group = '';
		for (let s = 0; s < 2; s++) group += pick(CONSONANTS) + pick(VOWELS);
		groups.push(group);
	}
	return groups.join('-');
}

function pick(alphabet: string): string {
	// Rejection sampling keeps every letter equally likely.
	const limit = 256 - (256 % alphabet.length);
	const byte = new Uint8Array(1);
	do crypto.getRandomValues(byte);
	while (byte[0] >= limit);
	return alphabet[byte[0] % alphabet.length];
}
