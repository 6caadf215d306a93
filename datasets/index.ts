/**
 * The data layer's public face: the dataset catalogue (every dataset by id, so a serializable job can
 * name one), the generators, the drift scenarios with their ground truth, and CSV import.
 */
export * from './types';
export * from './random';
export * from './errors';
export * from './catalog';
export { moons, type MoonsParams } from './generators/moons';
export { circles, type CirclesParams } from './generators/circles';
export { xor, type XorParams } from './generators/xor';
export { spiral, type SpiralParams } from './generators/spiral';
export { blobs, type BlobsParams } from './generators/blobs';
export { sea, SEA_THRESHOLDS, type SeaParams } from './generators/sea';
export { stagger, type StaggerParams } from './generators/stagger';
export { hyperplane, type HyperplaneParams } from './generators/hyperplane';
export { loans, LOAN_RULES, type LoanRule, type LoansParams } from './generators/loans';
export { shapes, SHAPES_SIDE, type ShapesParams } from './generators/shapes';
export type { ChangeKind, ChangeShape, DriftEvent } from './ground-truth';
export * from './scenarios/index';
export * from './csv/index';
