package org.xtalflow.vasp.outputs;

/**
 * pymatgen's Vasprun.potcar_spec item: the POTCAR TITEL of one atom type as written in the
 * vasprun.xml, and pymatgen's data hash of that POTCAR ({@link PotcarHash}), or null when no
 * matching POTCAR file was found beside the vasprun.xml.
 */
public record PotcarSpec(String titel, String hash) {}
