/**
 * The crystal model every other package speaks: {@link org.xtalflow.crystal.Element},
 * {@link org.xtalflow.crystal.Composition}, {@link org.xtalflow.crystal.Lattice} (lengths in Å,
 * angles in degrees), {@link org.xtalflow.crystal.Site}, {@link org.xtalflow.crystal.Structure}
 * and {@link org.xtalflow.crystal.SpaceGroup}. Depends on no other xtalflow package.
 */
package org.xtalflow.crystal;
