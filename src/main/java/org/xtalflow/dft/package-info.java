/**
 * The DFT engine seam: {@link org.xtalflow.dft.DftEngine} is what the campaign asks of a DFT code
 * (write a job bundle, read a finished job's outputs into a computed entry); {@link
 * org.xtalflow.dft.VaspEngine} and {@link org.xtalflow.dft.GpawEngine} are the two engines behind
 * it. {@link org.xtalflow.dft.EntrySettings} says which engine and settings made an entry, so a hull
 * never mixes them; {@link org.xtalflow.dft.ReferencePhases} chooses the structures a chemical
 * system's same-engine references are computed from. Knows nothing of Camel, SSH, JDBC or the
 * campaign.
 */
package org.xtalflow.dft;
