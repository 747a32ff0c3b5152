/**
 * Sampling crystals: the {@link org.xtalflow.generate.Generator} interface, PGCGM in DJL and a
 * random symmetric baseline, the conditions they are sampled with, and the expansion of base
 * sites to full cells by the space group's operations.
 */
package org.xtalflow.generate;
