package org.xtalflow.thermo.mp;

/** A chemical system that names no element, a symbol that is not one, or one MP holds nothing for. */
public final class UnknownChemicalSystemException extends MaterialsProjectException {
    public UnknownChemicalSystemException(String message) {
        super(Kind.UNKNOWN_CHEMICAL_SYSTEM, message);
    }
}
