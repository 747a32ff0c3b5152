package org.xtalflow.campaign;

import org.xtalflow.config.ConfigurationException;

/**
 * How a system's generation is cut into batches (conf {@code application.generation}): at most
 * {@code batchSize} generator samples are held in memory at once, and each batch is stored before
 * the next is drawn, so memory stays flat in the number of samples, progress survives a kill, and
 * pause and cancel take effect at the next batch.
 *
 * @param batchSize            generator samples per batch (each gives three structures)
 * @param maxSamplesPerSystem  the most samples a campaign may ask for per system; a spec above it is
 *                             refused at pickup
 */
public record GenerationPlan(int batchSize, int maxSamplesPerSystem) {

    /** Default batch: 1,000 samples (3,000 structures, a few MB). */
    public static final int DEFAULT_BATCH_SIZE = 1000;
    /** Default cap: 10^7 samples per system. */
    public static final int DEFAULT_MAX_SAMPLES_PER_SYSTEM = 10_000_000;

    public GenerationPlan {
        if (batchSize < 1 || batchSize > 1_000_000) {
            throw new ConfigurationException(
                    "application.generation.batch_size = " + batchSize + " is outside 1..1000000");
        }
        if (maxSamplesPerSystem < 1) {
            throw new ConfigurationException(
                    "application.generation.max_samples_per_system = " + maxSamplesPerSystem + " must be at least 1");
        }
    }

    public static GenerationPlan defaults() {
        return new GenerationPlan(DEFAULT_BATCH_SIZE, DEFAULT_MAX_SAMPLES_PER_SYSTEM);
    }

    /** The number of batches for {@code samples} samples of one system. */
    public int batchCount(int samples) {
        return (int) ((samples + (long) batchSize - 1) / batchSize);
    }

    /**
     * Batch {@code k} of a system with {@code samples} samples. Batch 0 uses the system's seed
     * itself (a campaign of at most one batch draws what an unbatched one drew); batch k > 0 a seed
     * mixed from the system's seed and k, so every batch is reproducible alone.
     */
    public GenerationBatch batch(String system, int samples, int k, long systemSeed) {
        if (k < 0 || k >= batchCount(samples)) {
            throw new IllegalArgumentException("batch " + k + " of " + batchCount(samples) + " for " + system);
        }
        long first = (long) k * batchSize;
        int n = (int) Math.min(batchSize, samples - first);
        long seed = k == 0 ? systemSeed : CampaignSpec.mix(systemSeed + 0x9E3779B97F4A7C15L * k);
        return new GenerationBatch(system, k, first, n, seed);
    }
}
