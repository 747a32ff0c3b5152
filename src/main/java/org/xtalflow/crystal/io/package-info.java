/**
 * Reading and writing crystal files (CIF, POSCAR). Bad input is refused with a
 * {@link org.xtalflow.crystal.io.BadInputException} naming the file, line and problem.
 */
package org.xtalflow.crystal.io;
