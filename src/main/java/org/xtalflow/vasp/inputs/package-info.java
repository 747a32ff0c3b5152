/**
 * VASP inputs: MP-compatible input sets (INCAR, KPOINTS, POSCAR, POTCAR), job scripts from
 * templates/, and the job bundle a candidate is submitted as.
 */
package org.xtalflow.vasp.inputs;
