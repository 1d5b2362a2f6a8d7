/**
 * The IAM operation table (being written).
 */
import type { QueryOperations } from '../query-call.ts';

export const iamOperations: QueryOperations = {};
