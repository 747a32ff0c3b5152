package org.xtalflow.vasp.inputs;

import java.util.List;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.Poscar;

/**
 * The four inputs of one VASP run, all in one species order: the structure sorted by
 * electronegativity (POSCAR), the INCAR (per-species lists in that order), the KPOINTS mesh and
 * the POTCAR symbols (one per POSCAR species) with their functional.
 *
 * @param siteSymbols POSCAR species line, e.g. [Fe, P, O]
 */
public record VaspInput(
        String setName,
        Structure structure,
        Incar incar,
        Kpoints kpoints,
        List<String> siteSymbols,
        List<String> potcarSymbols,
        String potcarFunctional) {

    public VaspInput {
        siteSymbols = List.copyOf(siteSymbols);
        potcarSymbols = List.copyOf(potcarSymbols);
    }

    /** POSCAR text: comment = reduced formula, species in the sorted order. */
    public String poscarText() {
        return new Poscar(structure.composition().reducedFormula(), structure, null).toText();
    }

    /** POTCAR.spec text: one POTCAR symbol per line, in POSCAR order (pymatgen's format). */
    public String potcarSpecText() {
        return String.join("\n", potcarSymbols) + "\n";
    }
}
