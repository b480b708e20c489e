import { expect, test } from 'vitest';
import * as Y from 'yjs';
import { createEntry, editText, listEntries, setMood, setTags } from '../journal/journal';
import { sharedInsights, shareInsight } from '../journal/insights';
import { toJson, toMarkdown } from './readable';

test('the readable copy holds the entries, prompts, mood, tags and shared insights', () => {
	const privateDoc = new Y.Doc();
	const shared = new Y.Doc();
	const now = Date.UTC(2026, 2, 3, 12);
	const id = createEntry(privateDoc, now);
	editText(privateDoc, id, 'text', 'Dinner was calm.', now);
	editText(privateDoc, id, 'learned', 'Asking first works.', now);
	setMood(privateDoc, id, 3, now);
	setTags(privateDoc, id, ['dinner', 'calm'], now);
	shareInsight(shared, 'alex', 'Asking first works.\nEvery time.', now);
	const source = {
		name: 'Alex',
		entries: listEntries(privateDoc),
		insights: sharedInsights(shared),
		now
	};
	const md = toMarkdown(source);
	expect(md).toContain('# Alex’s journal');
	expect(md).toContain('## 2026-03-03');
	expect(md).toContain('Mood: Steady · Tags: dinner, calm');
	expect(md).toContain('### What I learned\n\nAsking first works.');
	expect(md).toContain('> Asking first works.\n> Every time.');
	const json = JSON.parse(toJson(source));
	expect(json.entries[0]).toMatchObject({
		text: 'Dinner was calm.',
		mood: 'Steady',
		tags: ['dinner', 'calm'],
		prompts: { 'What I learned': 'Asking first works.' }
	});
	expect(json.insightsShared).toHaveLength(1);
});
