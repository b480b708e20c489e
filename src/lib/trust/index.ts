/**
 * The trust core: canonical bytes, signing keys and safety codes, signed records checked against
 * pinned keys, the lock memory, the blind reveal's commitments and two-signature agreement.
 * Plain TypeScript over Yjs values; the domains and views use it through these names.
 */
export { canonicalBytes, canonicalHash, canonicalJson, CanonicalError } from './canonical';
export {
	compareSafetyQr,
	fingerprint,
	generateSigningKeys,
	importPublicKey,
	importSigningKeys,
	safetyCode,
	safetyQrPayload,
	type KeyOwner,
	type SafetyScan,
	type SigningKeys
} from './keys';
export {
	announceKey,
	announcementKey,
	pinAnnounced,
	readAnnouncement,
	type KeyAnnouncement
} from './announce';
export {
	acceptChangedKey,
	changedKeys,
	markSafetyChecked,
	pinKey,
	readPinnedKeys,
	type PinnedKey,
	type PinnedKeys,
	type PinOutcome
} from './pinned';
export {
	counts,
	prefetchRecord,
	signRecord,
	signingBytes,
	VerificationCache,
	verifyRecord,
	type ForgeryReason,
	type RecordFields,
	type RecordSignature,
	type Verdict,
	type VerifyContext
} from './sign';
export {
	contentOf,
	fieldsOf,
	recordKind,
	SIG_FIELD,
	SIGNED_KINDS,
	signValue,
	verifyValue,
	type RecordKind
} from './records';
export {
	checkRecords,
	lockKey,
	notCountedWords,
	prefetchRecords,
	type CheckedRecord
} from './read';
export {
	findingKey,
	missingFindings,
	publishedFindings,
	publishFinding,
	type FindingRecord
} from './findings';
export { rememberOwn, toRestore, type OwnCopies } from './own';
export {
	BACKDATE_TOLERANCE,
	emptyLockMemory,
	FUTURE_SKEW,
	horizonOf,
	isFlagged,
	isLocked,
	keysWrittenSince,
	LOCK_AFTER,
	observe,
	readLockMemory,
	sealCounted,
	type Finding,
	type LockMemory,
	type Observation,
	type ObserveOptions,
	type SealedRecord,
	type SeenRecord
} from './locks';
export {
	commit,
	commitKey,
	commitmentHash,
	reveal,
	revealKey,
	revealStateOf,
	type CommitmentRecord,
	type RevealRecord,
	type RevealState,
	type SideState
} from './commitment';
export {
	agreementOf,
	signatureKey,
	signVersionHash,
	type Agreement,
	type SignatureCheck,
	type VersionSignature
} from './agreement';
