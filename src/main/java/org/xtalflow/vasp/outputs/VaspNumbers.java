package org.xtalflow.vasp.outputs;

/**
 * Number parsing for VASP output files. VASP writes a value that does not fit its Fortran format
 * as a run of asterisks ({@code *********}); that is read as NaN (pymatgen's
 * {@code _vasprun_float} does the same). Anything else that is not a number is an error.
 */
final class VaspNumbers {
    private VaspNumbers() {}

    /** True when the token is a Fortran overflow marker: all '*', or digits/sign then '*' ("2****"). */
    static boolean isOverflow(CharSequence s) {
        int n = s.length();
        if (n == 0 || s.charAt(n - 1) != '*') {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c != '*' && c != '-' && c != '+' && (c < '0' || c > '9') && c != '.') {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses a double; overflow markers give NaN.
     *
     * @throws NumberFormatException for anything else that is not a number
     */
    static double parseDouble(String token) {
        String t = token.strip();
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            if (isOverflow(t)) {
                return Double.NaN;
            }
            // Fortran double-precision exponent (1.0D-03)
            if (t.indexOf('D') >= 0 || t.indexOf('d') >= 0) {
                return Double.parseDouble(t.replace('D', 'E').replace('d', 'e'));
            }
            throw e;
        }
    }

    /** Splits on whitespace and parses every token (overflow gives NaN). */
    static double[] parseDoubles(String text) {
        String[] toks = splitWhitespace(text);
        double[] out = new double[toks.length];
        for (int i = 0; i < toks.length; i++) {
            out[i] = parseDouble(toks[i]);
        }
        return out;
    }

    /** Whitespace split without regex (hot path for vectors). */
    static String[] splitWhitespace(String text) {
        int n = text.length();
        int count = 0;
        int i = 0;
        while (i < n) {
            while (i < n && text.charAt(i) <= ' ') {
                i++;
            }
            if (i < n) {
                count++;
                while (i < n && text.charAt(i) > ' ') {
                    i++;
                }
            }
        }
        String[] out = new String[count];
        int k = 0;
        i = 0;
        while (i < n) {
            while (i < n && text.charAt(i) <= ' ') {
                i++;
            }
            int start = i;
            while (i < n && text.charAt(i) > ' ') {
                i++;
            }
            if (i > start) {
                out[k++] = text.substring(start, i);
            }
        }
        return out;
    }
}
