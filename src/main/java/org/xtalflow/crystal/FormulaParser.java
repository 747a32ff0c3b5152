package org.xtalflow.crystal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recursive-descent reader of chemical formulas: element symbols, amounts (integers or decimals),
 * groups in () or [] with a multiplier, and whitespace between terms ("Fe2 O3").
 */
final class FormulaParser {
    private final String text;
    private int pos;

    FormulaParser(String text) {
        this.text = text == null ? "" : text;
    }

    Map<Element, Double> parse() {
        if (text.isBlank()) {
            throw new FormulaException("empty formula");
        }
        Map<Element, Double> out = group();
        skipSpace();
        if (pos < text.length()) {
            throw error("unexpected '" + text.charAt(pos) + "'");
        }
        return out;
    }

    private Map<Element, Double> group() {
        Map<Element, Double> out = new LinkedHashMap<>();
        while (true) {
            skipSpace();
            if (pos >= text.length()) {
                return out;
            }
            char c = text.charAt(pos);
            if (c == '(' || c == '[') {
                char close = c == '(' ? ')' : ']';
                pos++;
                Map<Element, Double> inner = group();
                skipSpace();
                if (pos >= text.length() || text.charAt(pos) != close) {
                    throw error("missing '" + close + "'");
                }
                pos++;
                double mult = amount();
                inner.forEach((e, v) -> out.merge(e, v * mult, Double::sum));
            } else if (Character.isUpperCase(c)) {
                int start = pos++;
                while (pos < text.length() && Character.isLowerCase(text.charAt(pos))) {
                    pos++;
                }
                String sym = text.substring(start, pos);
                Element e = Element.bySymbolOrNull(sym);
                if (e == null) {
                    throw new FormulaException(
                            "unknown element '" + sym + "' at position " + (start + 1) + " in formula '" + text + "'");
                }
                out.merge(e, amount(), Double::sum);
            } else if (c == ')' || c == ']') {
                return out;
            } else {
                throw error("unexpected '" + c + "'");
            }
        }
    }

    private double amount() {
        int start = pos;
        while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
            pos++;
        }
        if (start == pos) {
            return 1;
        }
        try {
            return Double.parseDouble(text.substring(start, pos));
        } catch (NumberFormatException e) {
            pos = start;
            throw error("malformed amount '" + text.substring(start, pos) + "'");
        }
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private FormulaException error(String what) {
        return new FormulaException(what + " at position " + (pos + 1) + " in formula '" + text + "'");
    }
}
