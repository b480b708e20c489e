/**
 * The check-ins' public surface: import from '$lib/checkins'. The calendar file lives in
 * './calendar' and is imported on its own (lazily), to keep its library out of the first load.
 */
export * from './actions';
export * from './answers';
export * from './checkins';
export * from './lifecycle';
export * from './closing';
export * from './model';
export * from './numbers';
export * from './punctuality';
export * from './schedule';
export * from './settings';
export { LIMITS, tidy } from './text';
