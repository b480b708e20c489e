/**
 * Text as check-ins, setbacks and the arc keep it (`core/text.ts`): cleaned, trimmed, and cut to a
 * limit between whole characters. The model cuts rather than refuses because answers and drafts
 * are saved as they are typed, so a paste is never lost whole.
 */
export { LIMITS, tidy } from '../core/text';
