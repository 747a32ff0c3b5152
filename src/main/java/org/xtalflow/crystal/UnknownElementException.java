package org.xtalflow.crystal;

/** An element symbol that is not in the periodic table. */
public class UnknownElementException extends IllegalArgumentException {
    private final String symbol;

    public UnknownElementException(String symbol) {
        super("unknown element '" + symbol + "'");
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }
}
