package org.xtalflow.crystal;

/** A chemical formula that cannot be read; the message names the formula and the position. */
public class FormulaException extends IllegalArgumentException {
    public FormulaException(String message) {
        super(message);
    }
}
