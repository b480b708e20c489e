import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { exchange, peers } from '../test/peers';
import {
	cleanTags,
	createEntry,
	deleteEntry,
	editText,
	entryText,
	eraseEntry,
	listEntries,
	parseTags,
	readEntry,
	restoreEntry,
	setMood,
	setTags,
	textChange
} from './journal';
import { searchEntries, snippet } from './search';
import { shiftIndex } from './bind-text';

const T0 = Date.UTC(2026, 2, 3, 20);

function write(doc: Y.Doc, text: string, at = T0, tags: string[] = []): string {
	const id = createEntry(doc, at);
	editText(doc, id, 'text', text, at);
	if (tags.length) setTags(doc, id, tags, at);
	return id;
}

describe('journal entries', () => {
	test('an entry keeps its text, prompts, mood and tags', () => {
		const [doc] = peers(1);
		const id = write(doc, 'We talked at eight, as agreed.', T0, ['calls', '#Evening']);
		editText(doc, id, 'learned', 'Slowing down helps.', T0 + 1);
		setMood(doc, id, 4, T0 + 2);
		const entry = readEntry(doc, id)!;
		expect(entry.text).toBe('We talked at eight, as agreed.');
		expect(entry.prompts.learned).toBe('Slowing down helps.');
		expect(entry.prompts.felt).toBe('');
		expect(entry.mood).toBe(4);
		expect(entry.tags).toEqual(['calls', 'Evening']);
		expect(entry.updatedAt).toBe(T0 + 2);
		setMood(doc, id, undefined, T0 + 3);
		expect(readEntry(doc, id)!.mood).toBeUndefined();
	});

	test('the same entry edited on two own devices while apart keeps both devices’ words', () => {
		const [phone, laptop] = peers(2);
		const id = write(phone, 'I noticed the pause.');
		exchange(phone, laptop);
		editText(phone, id, 'text', 'I noticed the pause. It helped.', T0 + 10);
		editText(laptop, id, 'text', 'Tonight I noticed the pause.', T0 + 20);
		exchange(phone, laptop);
		expect(readEntry(phone, id)!.text).toBe('Tonight I noticed the pause. It helped.');
		expect(readEntry(laptop, id)!.text).toBe(readEntry(phone, id)!.text);
	});

	test('deleting is soft: an entry can come back, and erasing removes its words for good', () => {
		const [doc] = peers(1);
		const id = write(doc, 'A hard evening.', T0, ['hard day']);
		deleteEntry(doc, id, T0 + 1);
		expect(listEntries(doc)).toHaveLength(0);
		expect(listEntries(doc, 'deleted').map((e) => e.id)).toEqual([id]);
		restoreEntry(doc, id, T0 + 2);
		expect(listEntries(doc).map((e) => e.id)).toEqual([id]);
		deleteEntry(doc, id, T0 + 3);
		eraseEntry(doc, id, T0 + 4);
		expect(readEntry(doc, id)).toMatchObject({ text: '', tags: [], deletedAt: T0 + 3 });
		expect(listEntries(doc, 'deleted')).toHaveLength(0);
		const saved = Buffer.from(Y.encodeStateAsUpdate(doc)).toString('latin1');
		expect(saved).not.toContain('A hard evening');
		expect(saved).not.toContain('hard day');
	});

	test('entries are listed newest first', () => {
		const [doc] = peers(1);
		const first = write(doc, 'first', T0);
		const second = write(doc, 'second', T0 + 1000);
		expect(listEntries(doc).map((e) => e.id)).toEqual([second, first]);
	});

	test('tags are tidied: no #, no repeats, no empties', () => {
		expect(cleanTags([' #work ', 'Work', '', '  ', 'long   walk'])).toEqual(['work', 'long walk']);
		expect(parseTags('calm, #calm, evening ,')).toEqual(['calm', 'evening']);
		expect(cleanTags(Array.from({ length: 20 }, (_, i) => `t${i}`))).toHaveLength(12);
	});
});

describe('textChange', () => {
	test('replaces only the part that differs', () => {
		expect(textChange('abc', 'abc')).toBeNull();
		expect(textChange('hello world', 'hello, world')).toEqual({ index: 5, remove: 0, insert: ',' });
		expect(textChange('aaa', 'aa')).toEqual({ index: 2, remove: 1, insert: '' });
		expect(textChange('', 'new')).toEqual({ index: 0, remove: 0, insert: 'new' });
	});

	test('never splits an emoji', () => {
		const change = textChange('a😀b', 'a😃b')!;
		expect(change.index).toBe(1);
		expect(change.remove).toBe(2);
		expect(change.insert).toBe('😃');
	});
});

describe('search', () => {
	test('matches every word, ignoring case and accents, across text, prompts and tags', () => {
		const [doc] = peers(1);
		const cafe = write(doc, 'Coffee at the Café Noir, we both listened.', T0, ['Weekend']);
		const walk = write(doc, 'A long walk; I felt calmer after.', T0 + 1, ['walks']);
		editText(doc, walk, 'shifted', 'I asked instead of assuming.', T0 + 2);
		const all = listEntries(doc);
		const ids = (q: string) => searchEntries(all, q).map((e) => e.id);
		expect(ids('cafe')).toEqual([cafe]);
		expect(ids('CAFÉ listened')).toEqual([cafe]);
		expect(ids('#weekend')).toEqual([cafe]);
		expect(ids('assuming')).toEqual([walk]);
		expect(ids('walk cafe')).toEqual([]);
		expect(ids('   ')).toEqual([walk, cafe]);
	});

	test('a snippet shows the words around the match', () => {
		const [doc] = peers(1);
		const id = write(doc, `${'Nothing much. '.repeat(30)}Then the word lantern appeared.`);
		const text = snippet(readEntry(doc, id)!, 'lantern', 80);
		expect(text).toContain('lantern');
		expect(text.startsWith('…')).toBe(true);
	});
});

describe('shiftIndex', () => {
	test('a caret moves with text added or removed before it, and stays for changes after', () => {
		expect(shiftIndex(5, [{ insert: 'abc' }])).toBe(8);
		expect(shiftIndex(5, [{ retain: 5 }, { insert: 'abc' }])).toBe(5);
		expect(shiftIndex(5, [{ retain: 6 }, { delete: 2 }])).toBe(5);
		expect(shiftIndex(5, [{ retain: 1 }, { delete: 2 }])).toBe(3);
		expect(shiftIndex(5, [{ retain: 3 }, { delete: 4 }])).toBe(3);
		expect(shiftIndex(5, [{ retain: 2 }, { delete: 1 }, { insert: 'xyz' }])).toBe(7);
	});

	test('applied to a real remote change, the caret stays on the same word', () => {
		const [phone, laptop] = peers(2);
		const id = write(phone, 'one two three');
		exchange(phone, laptop);
		const caret = 'one two'.length;
		let moved = -1;
		entryText(phone, id, 'text')!.observe((event) => {
			moved = shiftIndex(caret, event.delta as never);
		});
		editText(laptop, id, 'text', 'zero one two three', T0 + 1);
		exchange(phone, laptop);
		expect(readEntry(phone, id)!.text.slice(0, moved)).toBe('zero one two');
	});
});
