/** The tracker's public surface: import from '$lib/tracker'. */
export * from './acks';
export * from './generate';
export * from './hard-days';
export {
	acksOf,
	entriesFor,
	entriesOn,
	isHardDayIn,
	isLapse,
	reactionsOf,
	readLedger,
	slotOf,
	talksOf,
	type Agreement,
	type Ledger,
	type Slot
} from './ledger';
export * from './metrics';
export * from './milestones';
export * from './model';
export * from './moments';
export { commitmentsOn, byTimeOf } from './plan';
export * from './punctuality';
export * from './reactions';
export * from './schedule';
export * from './score';
export * from './tracker';
