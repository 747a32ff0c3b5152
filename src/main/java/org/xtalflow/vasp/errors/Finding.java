package org.xtalflow.vasp.errors;

/**
 * One error found in one file of a run.
 *
 * @param key    error key (see {@link VaspMessages} and {@link RunErrors})
 * @param file   the file it was found in
 * @param detail what was seen, for people (e.g. "entropy 0.033 eV/atom > 0.001")
 */
public record Finding(String key, String file, String detail) {}
