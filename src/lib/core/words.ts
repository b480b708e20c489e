/** Words a person reads on many screens, written once so they stay the same everywhere. */

/** Who the other person is when this device doesn't know their name yet, opening a sentence. */
export const YOUR_PARTNER = 'Your partner';
/** The same, inside a sentence. */
export const YOUR_PARTNER_LOWER = 'your partner';

/** Why a write was refused, in calm words for the person who tried (every domain's reasons). */
export const REFUSAL_WORDS: Record<string, string> = {
	readOnly: 'This space was updated by a newer Kept: update the app to keep writing.',
	notFound: 'That isn’t here any more; it may have changed on another device.',
	notYours: 'Only the person who wrote it can change it.',
	ownEntry: 'That’s your own entry: your partner is the one who can notice it.',
	locked: 'Entries are kept as written after seven days. You can add a correction instead.',
	future: 'That day hasn’t come yet on this device. Is its clock right?',
	notStarted: 'The check-in hasn’t started yet.',
	finished: 'This check-in is finished; it’s kept in your history.',
	invalid: 'Something is missing or too long. Please look it over.'
};
