package org.xtalflow.campaign;

/**
 * One batch of a system's generation: samples {@code firstSample .. firstSample + samples - 1}
 * of the system, drawn with the generator seed {@code seed}. The same batch drawn again gives the
 * same samples; the store keeps a row per stored batch ({@link CandidateStore#addBatch}).
 *
 * @param system      the system's label, e.g. "Ba-Ru-O"
 * @param index       the batch's number within the system (0-based)
 * @param firstSample the index of its first sample within the system (0-based)
 * @param samples     how many generator samples it holds (each gives three structures)
 * @param seed        the generator and condition-sampler seed of this batch
 */
public record GenerationBatch(String system, int index, long firstSample, int samples, long seed) {}
