package org.xtalflow.crystal.io;

/**
 * An input file that cannot be used: the message says which file, which line (when known) and
 * what is wrong. This is the one exception type the readers throw; nothing half-built escapes.
 */
public class BadInputException extends RuntimeException {
    private final String file;
    private final int line;

    public BadInputException(String file, int line, String problem) {
        this(file, line, problem, null);
    }

    public BadInputException(String file, int line, String problem, Throwable cause) {
        super(location(file, line) + problem, cause);
        this.file = file;
        this.line = line;
    }

    private static String location(String file, int line) {
        String f = file == null ? "<input>" : file;
        return line > 0 ? f + ":" + line + ": " : f + ": ";
    }

    /** The file name as given to the reader (or "&lt;input&gt;"). */
    public String file() {
        return file;
    }

    /** 1-based line number, or 0 when the problem is not tied to one line. */
    public int line() {
        return line;
    }
}
