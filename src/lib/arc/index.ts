/** The long arc's public surface: import from '$lib/arc'. */
export * from './compare';
export * from './content';
export * from './read';
export * from './reflections';
export * from './series';
export * from './summary';
