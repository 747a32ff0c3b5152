/**
 * Thermodynamics: computed entries, elemental and competing-phase references, the MP2020
 * corrections, phase diagrams and convex hulls (formation energy and energy above the hull, eV/atom),
 * and their statistics.
 */
package org.xtalflow.thermo;
