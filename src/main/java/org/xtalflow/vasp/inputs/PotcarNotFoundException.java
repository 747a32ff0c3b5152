package org.xtalflow.vasp.inputs;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** A POTCAR symbol the user's library does not hold; the message lists every path looked at. */
public final class PotcarNotFoundException extends VaspInputException {
    private final String symbol;
    private final List<Path> searched;

    public PotcarNotFoundException(String symbol, List<Path> searched) {
        super("no POTCAR for symbol " + symbol + "; looked at: "
                + searched.stream().map(Path::toString).collect(Collectors.joining(", "))
                + " (install it in the library, or use --no-potcar to write POTCAR.spec for the cluster)");
        this.symbol = symbol;
        this.searched = List.copyOf(searched);
    }

    public String symbol() {
        return symbol;
    }

    public List<Path> searched() {
        return searched;
    }
}
