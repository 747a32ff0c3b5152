/**
 * Screening generated cells before any DFT: merging near-duplicate atoms, the validity filters
 * (space group, distances, charge, size, duplicates, novelty), each verdict with a stable reason
 * code, and the funnel that counts them.
 */
package org.xtalflow.screen;
