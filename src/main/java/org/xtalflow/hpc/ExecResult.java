package org.xtalflow.hpc;

/** What a remote command returned: its exit status and its output (UTF-8). */
public record ExecResult(int exitStatus, String stdout, String stderr) {
    public boolean ok() {
        return exitStatus == 0;
    }

    /** stderr (or stdout when stderr is empty), trimmed and cut to {@code max} characters, for reasons. */
    public String diagnostic(int max) {
        String s = stderr == null || stderr.isBlank() ? (stdout == null ? "" : stdout) : stderr;
        s = s.strip().replaceAll("\\s+", " ");
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
