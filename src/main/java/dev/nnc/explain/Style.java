package dev.nnc.explain;

import dev.nnc.ir.Formula;
import dev.nnc.ir.Node;
import java.util.List;
import java.util.Map;

/**
 * How a transcript is written: plain text, Markdown with `$…$` math, or a LaTeX document. The
 * transcript says what to write (sections, equations with shapes and values, prose); the style
 * says how.
 */
abstract class Style {
    final StringBuilder out = new StringBuilder();

    static Style of(String format) {
        return switch (format) {
            case "markdown", "md" -> new Markdown();
            case "latex", "tex" -> new LaTeX();
            default -> new Text();
        };
    }

    abstract boolean latex();

    /** A name in this style's notation. */
    String name(String name) {
        return latex() ? Formula.latexName(name) : name;
    }

    String formula(Node n, Map<Node, String> names) {
        return new Formula(names, latex()).of(n);
    }

    abstract void begin(String title);

    abstract void section(String title);

    /** lhs = each of rhs in turn (joined by =), then the shape and value as annotations. */
    abstract void equation(String lhs, List<String> rhs, String shape, String value, String note);

    abstract void prose(String text);

    abstract String end();

    static final class Text extends Style {
        @Override boolean latex() { return false; }

        @Override void begin(String title) {}

        @Override void section(String title) {
            if (out.length() > 0) out.append('\n');
            out.append(title).append('\n');
        }

        @Override void equation(String lhs, List<String> rhs, String shape, String value, String note) {
            out.append("   ").append(lhs);
            for (String r : rhs) out.append(" = ").append(r);
            if (note != null) out.append("   (").append(note).append(')');
            if (shape != null) out.append("   ").append(shape);
            if (value != null) out.append("   = ").append(value);
            out.append('\n');
        }

        @Override void prose(String text) {
            out.append("   ").append(text).append('\n');
        }

        @Override String end() { return out.toString(); }
    }

    static final class Markdown extends Style {
        @Override boolean latex() { return true; }

        @Override void begin(String title) {
            out.append("## ").append(title).append("\n");
        }

        @Override void section(String title) {
            out.append("\n### ").append(title).append("\n\n");
        }

        @Override void equation(String lhs, List<String> rhs, String shape, String value, String note) {
            out.append("- $").append(lhs);
            for (String r : rhs) out.append(" = ").append(r);
            out.append('$');
            if (shape != null) out.append(" — shape ").append(shape);
            if (value != null) out.append(", value `").append(value).append('`');
            if (note != null) out.append(" (").append(note).append(')');
            out.append('\n');
        }

        @Override void prose(String text) {
            out.append(text).append("\n\n");
        }

        @Override String end() { return out.toString(); }
    }

    static final class LaTeX extends Style {
        private boolean inAlign;

        @Override boolean latex() { return true; }

        @Override void begin(String title) {
            out.append("\\documentclass{article}\n\\usepackage{amsmath}\n\\usepackage[utf8]{inputenc}\n")
               .append("\\allowdisplaybreaks\n\\begin{document}\n\\section*{").append(escape(title)).append("}\n");
        }

        private void closeAlign() {
            if (inAlign) out.append("\\end{align*}\n");
            inAlign = false;
        }

        @Override void section(String title) {
            closeAlign();
            out.append("\\subsection*{").append(escape(title)).append("}\n");
        }

        @Override void equation(String lhs, List<String> rhs, String shape, String value, String note) {
            if (!inAlign) out.append("\\begin{align*}\n");
            inAlign = true;
            out.append("  ").append(lhs);
            String sep = " &= ";
            for (String r : rhs) { out.append(sep).append(r); sep = " = "; }
            if (rhs.isEmpty()) out.append(" &");
            StringBuilder tail = new StringBuilder();
            if (shape != null) tail.append(escape(shape));
            if (value != null) tail.append(tail.length() > 0 ? ",\\ " : "").append("= ").append(escape(value));
            if (note != null) tail.append(tail.length() > 0 ? ",\\ " : "").append(escape(note));
            if (tail.length() > 0) out.append(" && \\text{").append(tail).append('}');
            out.append(" \\\\\n");
        }

        @Override void prose(String text) {
            closeAlign();
            out.append(escape(text)).append("\n\n");
        }

        @Override String end() {
            closeAlign();
            return out.append("\\end{document}\n").toString();
        }

        private static String escape(String s) {
            StringBuilder b = new StringBuilder();
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '\\' -> b.append("\\textbackslash{}");
                    case '{', '}', '$', '&', '#', '_', '%' -> b.append('\\').append(c);
                    case '^' -> b.append("\\^{}");
                    case '~' -> b.append("\\~{}");
                    case '∂' -> b.append("$\\partial$");
                    case '−' -> b.append('-');
                    case '←' -> b.append("$\\leftarrow$");
                    case '→' -> b.append("$\\to$");
                    case '·' -> b.append("$\\cdot$");
                    case '…' -> b.append("\\ldots{}");
                    default -> b.append(c >= '₀' && c <= '₉' ? "$_" + (char) ('0' + (c - '₀')) + "$" : String.valueOf(c));
                }
            }
            return b.toString();
        }
    }
}
