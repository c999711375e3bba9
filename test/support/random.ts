/** The seeded PRNG lives beside the detector evaluation, which ships in dist and needs it too. */
export { gaussian, rng } from '../../src/anomaly-detection/evaluation/random';
