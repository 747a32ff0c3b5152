package org.xtalflow.vasp.inputs;

/**
 * A structure or an input-set configuration from which no VASP input can be made (an element the
 * set has no POTCAR choice for, an empty structure, a missing POTCAR). The message names the
 * candidate or element and says what to do.
 */
public class VaspInputException extends RuntimeException {
    public VaspInputException(String message) {
        super(message);
    }

    public VaspInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
