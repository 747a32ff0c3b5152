package org.xtalflow.config;

import java.util.regex.Pattern;

/**
 * Configuration values that end up in a shell (the job script's VASP command and module lines, a
 * cluster's host): each is validated here, at the one place every path reads it from, and quoted
 * with the one {@link #quote} wherever it is written. A command line is words of
 * {@code [A-Za-z0-9._/:=,+@%-]} separated by spaces: no {@code $}, backquote, {@code ;}, {@code |},
 * {@code &}, redirection, quotes, globs or newline, so it means the same whether it is run from
 * the profile's environment file or from the job script's fallback.
 */
public final class ShellWords {

    private static final Pattern COMMAND_LINE = Pattern.compile("[A-Za-z0-9._/:=,+@%-]+( +[A-Za-z0-9._/:=,+@%-]+)*");
    /** RFC 1123 host name, or an IPv4/IPv6 address. */
    private static final Pattern HOST = Pattern.compile(
            "([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?"
                    + "|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private ShellWords() {}

    /**
     * Returns {@code value} (stripped) when it is a command line of safe words; else throws a
     * {@link ConfigurationException} naming {@code where} (file and key) and what is allowed.
     */
    public static String commandLine(String where, String value) {
        String v = value == null ? "" : value.strip();
        if (v.length() > 500 || !COMMAND_LINE.matcher(v).matches()) {
            throw new ConfigurationException(where + ": '" + printable(v) + "' is not a plain command line (words of"
                    + " [A-Za-z0-9._/:=,+@%-] separated by spaces; no $, `, ;, |, &, <, >, quotes or globs): it is run by"
                    + " the job script");
        }
        return v;
    }

    /** Returns {@code host} when it is a host name or an IP address; else throws naming {@code where}. */
    public static String host(String where, String host) {
        if (host == null || host.length() > 253 || !HOST.matcher(host).matches()) {
            throw new ConfigurationException(where + ": host '" + printable(host == null ? "" : host)
                    + "' is not a host name or an IP address (letters, digits, '-' and '.', or an IPv6 address)");
        }
        return host;
    }

    /** POSIX shell single-quoting of any string: the one quoting of values written into scripts. */
    public static String quote(String s) {
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 120; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return s.length() > 120 ? b + "..." : b.toString();
    }
}
