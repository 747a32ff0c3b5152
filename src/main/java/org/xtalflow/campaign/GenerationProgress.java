package org.xtalflow.campaign;

/**
 * How far one system's generation has come in this process: samples stored of those asked for,
 * batches, and the rate since the first batch this process stored (samples per second).
 *
 * @param storedSamples samples of the system stored up to the last batch (a resumed system counts earlier ones)
 * @param startNanos  System.nanoTime() when this process started the system's generation
 * @param storedHere  samples this process stored (the rate's numerator)
 */
record GenerationProgress(
        String system,
        int samples,
        long storedSamples,
        int lastBatch,
        long startNanos,
        long storedHere,
        long lastNanos) {

    static GenerationProgress start(String system, int samples) {
        long now = System.nanoTime();
        return new GenerationProgress(system, samples, 0, -1, now, 0, now);
    }

    /** The progress once {@code batch} is stored (samples before it count as stored too: a resumed system). */
    GenerationProgress after(GenerationBatch batch, long nowNanos) {
        long stored = batch.firstSample() + batch.samples();
        return new GenerationProgress(
                system,
                samples,
                Math.max(storedSamples, stored),
                batch.index(),
                startNanos,
                storedHere + batch.samples(),
                nowNanos);
    }

    /** Samples per second this process stored (0 before its first batch). */
    double samplesPerSecond() {
        double s = (lastNanos - startNanos) / 1e9;
        return s <= 0 ? 0 : storedHere / s;
    }

    /** "Ba-Ru-O: 40000 of 10000000 samples (last batch 39), 1234 samples/s". */
    String line() {
        return String.format(
                java.util.Locale.ROOT,
                "%s: %d of %d samples (last batch %d), %.0f samples/s",
                system,
                storedSamples,
                samples,
                lastBatch,
                samplesPerSecond());
    }
}
