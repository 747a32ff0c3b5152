package org.xtalflow.crystal.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One data block of a CIF: single-valued items and loops, with tags lower-cased and mmCIF-style
 * dots read as underscores ("_space_group_symop.operation_xyz" = "_space_group_symop_operation_xyz").
 */
public final class CifBlock {

    /** A value and the line it came from. */
    public record Value(String text, int line) {}

    /** A loop_: its tags and rows of values. */
    public static final class Loop {
        private final List<String> tags = new ArrayList<>();
        private final List<Value[]> rows = new ArrayList<>();
        private final int line;

        Loop(int line) {
            this.line = line;
        }

        public List<String> tags() {
            return tags;
        }

        public List<Value[]> rows() {
            return rows;
        }

        public int line() {
            return line;
        }

        /** Column index of a tag, or -1. */
        public int column(String tag) {
            return tags.indexOf(tag);
        }
    }

    private final String name;
    private final int line;
    private final Map<String, Value> items = new LinkedHashMap<>();
    private final List<Loop> loops = new ArrayList<>();

    CifBlock(String name, int line) {
        this.name = name;
        this.line = line;
    }

    static String normalizeTag(String tag) {
        return tag.toLowerCase().replace('.', '_');
    }

    public String name() {
        return name;
    }

    /** Line of the data_ header. */
    public int line() {
        return line;
    }

    public Map<String, Value> items() {
        return items;
    }

    public List<Loop> loops() {
        return loops;
    }

    public Value item(String tag) {
        return items.get(tag);
    }

    /** The loop that has this tag, or null. */
    public Loop loopWith(String tag) {
        for (Loop l : loops) {
            if (l.tags.contains(tag)) {
                return l;
            }
        }
        return null;
    }

    /** Parses CIF text into blocks. */
    static List<CifBlock> parse(String text, String file) {
        List<CifTokenizer.Token> toks = CifTokenizer.tokenize(text, file);
        List<CifBlock> blocks = new ArrayList<>();
        CifBlock cur = null;
        int i = 0;
        while (i < toks.size()) {
            CifTokenizer.Token t = toks.get(i);
            if (t.isKeyword("data_")) {
                cur = new CifBlock(t.text().substring(5), t.line());
                blocks.add(cur);
                i++;
            } else if (cur == null) {
                throw new BadInputException(
                        file, t.line(), "expected a 'data_' block header, found '" + abbreviate(t.text()) + "'");
            } else if (t.isKeyword("loop_")) {
                Loop loop = new Loop(t.line());
                i++;
                while (i < toks.size() && toks.get(i).isTag()) {
                    loop.tags.add(normalizeTag(toks.get(i).text()));
                    i++;
                }
                if (loop.tags.isEmpty()) {
                    throw new BadInputException(file, t.line(), "loop_ without tags");
                }
                List<Value> vals = new ArrayList<>();
                while (i < toks.size()
                        && !toks.get(i).isTag()
                        && !toks.get(i).isKeyword("loop_")
                        && !toks.get(i).isKeyword("data_")) {
                    vals.add(new Value(toks.get(i).text(), toks.get(i).line()));
                    i++;
                }
                int w = loop.tags.size();
                if (vals.size() % w != 0) {
                    int lastLine = vals.isEmpty()
                            ? t.line()
                            : vals.get(vals.size() - 1).line();
                    throw new BadInputException(
                            file,
                            lastLine,
                            "loop with " + w + " columns has " + vals.size() + " values, not a multiple of " + w);
                }
                for (int r = 0; r < vals.size(); r += w) {
                    loop.rows.add(vals.subList(r, r + w).toArray(new Value[0]));
                }
                cur.loops.add(loop);
            } else if (t.isTag()) {
                if (i + 1 >= toks.size()
                        || toks.get(i + 1).isTag()
                        || toks.get(i + 1).isKeyword("loop_")
                        || toks.get(i + 1).isKeyword("data_")) {
                    throw new BadInputException(file, t.line(), "tag " + t.text() + " has no value");
                }
                cur.items.put(
                        normalizeTag(t.text()),
                        new Value(toks.get(i + 1).text(), toks.get(i + 1).line()));
                i += 2;
            } else if (t.isKeyword("save_") || t.isKeyword("global_") || t.isKeyword("stop_")) {
                i++;
            } else {
                throw new BadInputException(
                        file, t.line(), "unexpected value '" + abbreviate(t.text()) + "' outside a loop or tag");
            }
        }
        return blocks;
    }

    private static String abbreviate(String s) {
        String clean = s.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 40 ? clean.substring(0, 40) + "..." : clean;
    }
}
