package org.xtalflow.crystal.io;

/**
 * An input refused because it exceeds a reader's limit (file size, line or text length, element
 * count, nesting, number of sites, a magnitude): the message names the file, the line when known,
 * the limit and how to raise it when it can be raised.
 */
public class InputLimitException extends BadInputException {
    private final String limit;
    private final long value;

    /**
     * @param limit name of the limit (as a user would set it, e.g. {@code max_text_chars})
     * @param value the limit's value
     */
    public InputLimitException(String file, int line, String problem, String limit, long value) {
        super(file, line, problem + " (limit " + limit + " = " + value + ")");
        this.limit = limit;
        this.value = value;
    }

    public String limit() {
        return limit;
    }

    public long value() {
        return value;
    }
}
