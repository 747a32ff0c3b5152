package org.xtalflow.crystal.io;

import java.util.List;
import org.xtalflow.crystal.Site;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.SymOp;

/**
 * One structure read from a CIF data block: the expanded cell, the sites as written (asymmetric
 * unit), the operations used to expand them, and the space group the file declares (null when it
 * declares none that we recognise).
 */
public record CifStructure(
        String file,
        String blockName,
        Structure structure,
        List<Site> asymmetricUnit,
        List<SymOp> operations,
        SpaceGroup declaredSpaceGroup) {}
