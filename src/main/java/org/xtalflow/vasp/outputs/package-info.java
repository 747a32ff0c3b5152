/**
 * VASP outputs read from real files (vasprun.xml, OUTCAR, OSZICAR): energies, convergence,
 * final structures, and the checks and corrections of a run.
 */
package org.xtalflow.vasp.outputs;
