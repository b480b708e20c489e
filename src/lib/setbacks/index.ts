/** The setbacks' public surface: import from '$lib/setbacks'. */
export * from './model';
export * from './read';
export * from './setbacks';
