package org.xtalflow.hpc;

import java.util.regex.Pattern;

/**
 * Remote commands are built only from validated parts: names (candidate ids, job ids, file names,
 * partitions, accounts) are limited to [A-Za-z0-9._-] and then single-quoted anyway; remote paths
 * are '/'-joined names. Anything else is refused before it reaches a shell.
 */
public final class SafeName {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    private static final Pattern PATH = Pattern.compile("/?([A-Za-z0-9._-]+/)*[A-Za-z0-9._-]+/?");
    /** Values of scheduler options (time limits, memory, gres, module names): a bit wider, still no shell syntax. */
    private static final Pattern OPTION_VALUE = Pattern.compile("[A-Za-z0-9._:=,/+@%-]{1,200}");

    private SafeName() {}

    /** Returns {@code s} when it is a safe name, else throws naming {@code what}. */
    public static String name(String what, String s) {
        if (s == null || !NAME.matcher(s).matches() || s.equals(".") || s.equals("..")) {
            throw new IllegalArgumentException(
                    what + " '" + s + "' is not a safe name (allowed: [A-Za-z0-9._-], not . or ..)");
        }
        return s;
    }

    /** Returns {@code p} when it is a path of safe names (absolute or relative, no '..'). */
    public static String path(String what, String p) {
        if (p == null || !PATH.matcher(p).matches()) {
            throw new IllegalArgumentException(
                    what + " '" + p + "' is not a safe path (names of [A-Za-z0-9._-] joined by '/')");
        }
        for (String part : p.split("/")) {
            if (part.equals("..") || part.equals(".")) {
                throw new IllegalArgumentException(what + " '" + p + "' must not contain '.' or '..' components");
            }
        }
        return p;
    }

    public static String optionValue(String what, String v) {
        if (v == null || !OPTION_VALUE.matcher(v).matches()) {
            throw new IllegalArgumentException(what + " '" + v + "' has characters outside [A-Za-z0-9._:=,/+@%-]");
        }
        return v;
    }

    /** POSIX shell single-quoting of any string (the quoting itself, after validation). */
    public static String quote(String s) {
        return org.xtalflow.config.ShellWords.quote(s);
    }

    /** Quote of a validated name. */
    public static String qname(String what, String s) {
        return quote(name(what, s));
    }

    /** Quote of a validated path. */
    public static String qpath(String what, String p) {
        return quote(path(what, p));
    }
}
