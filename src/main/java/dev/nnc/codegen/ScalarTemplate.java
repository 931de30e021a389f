package dev.nnc.codegen;

import com.palantir.javapoet.CodeBlock;
import dev.nnc.ir.Op;
import dev.nnc.runtime.Kernels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * An elementwise op's {@link Op#javaTemplate} turned into a CodeBlock format: each {@code %s}
 * becomes {@code $L} (an operand, parenthesised unless it sits alone in a call's argument list),
 * {@code Math.} and {@code Kernels.} become {@code $T.} so the generated file imports them.
 */
final class ScalarTemplate {
    /** The parsed template of every elementwise op; an immutable table, built once. */
    private static final Map<Op, ScalarTemplate> TABLE = table();

    private final String format;
    private final List<Object> fixedArgs;   // a Class for each $T, null for each operand
    private final List<Boolean> bareOperand; // per operand: needs no parentheses
    private final boolean atomic;

    private ScalarTemplate(String format, List<Object> fixedArgs, List<Boolean> bareOperand, boolean atomic) {
        this.format = format;
        this.fixedArgs = fixedArgs;
        this.bareOperand = bareOperand;
        this.atomic = atomic;
    }

    static ScalarTemplate of(Op op) {
        ScalarTemplate t = TABLE.get(op);
        if (t == null) throw new IllegalArgumentException(op + " has no scalar template");
        return t;
    }

    /** The op applied to its operand expressions. */
    Expr apply(List<Expr> operands) {
        if (operands.size() != bareOperand.size()) {
            throw new IllegalArgumentException(operands.size() + " operands for a template of " + bareOperand.size());
        }
        Object[] args = new Object[fixedArgs.size()];
        int next = 0;
        for (int i = 0; i < args.length; i++) {
            if (fixedArgs.get(i) != null) {
                args[i] = fixedArgs.get(i);
            } else {
                Expr e = operands.get(next);
                args[i] = bareOperand.get(next++) ? e.code() : e.operand();
            }
        }
        CodeBlock code = CodeBlock.of(format, args);
        return atomic ? Expr.atom(code) : Expr.compound(code);
    }

    private static Map<Op, ScalarTemplate> table() {
        Map<Op, ScalarTemplate> m = new EnumMap<>(Op.class);
        for (Op op : Op.values()) if (op.isElementwise()) m.put(op, parse(op.javaTemplate));
        return Collections.unmodifiableMap(m);
    }

    static ScalarTemplate parse(String template) {
        StringBuilder format = new StringBuilder();
        List<Object> args = new ArrayList<>();
        List<Boolean> bare = new ArrayList<>();
        int i = 0;
        while (i < template.length()) {
            if (template.startsWith("%s", i)) {
                format.append("$L");
                args.add(null);
                bare.add(isArgumentSlot(template, i, i + 2));
                i += 2;
            } else if (startsName(template, i, "Math.")) {
                format.append("$T.");
                args.add(Math.class);
                i += "Math.".length();
            } else if (startsName(template, i, "Kernels.")) {
                format.append("$T.");
                args.add(Kernels.class);
                i += "Kernels.".length();
            } else {
                char c = template.charAt(i++);
                format.append(c == '$' ? "$$" : String.valueOf(c));
            }
        }
        return new ScalarTemplate(format.toString(), args, bare, isAtomic(template.strip()));
    }

    private static boolean startsName(String t, int at, String name) {
        return t.startsWith(name, at) && (at == 0 || !Character.isJavaIdentifierPart(t.charAt(at - 1)));
    }

    /** {@code f(%s)}, {@code f(%s, …)}, {@code f(…, %s)}: a whole call argument. */
    private static boolean isArgumentSlot(String t, int start, int end) {
        boolean before = start >= 1 && t.charAt(start - 1) == '(' || t.startsWith(", ", start - 2) && start >= 2;
        boolean after = end < t.length() && (t.charAt(end) == ')' || t.charAt(end) == ',');
        return before && after;
    }

    /** A call {@code a.b(…)} or a parenthesised whole {@code (…)}. */
    private static boolean isAtomic(String t) {
        if (t.isEmpty() || t.charAt(t.length() - 1) != ')') return false;
        int open = t.indexOf('(');
        if (open < 0) return false;
        for (int i = 0; i < open; i++) {
            char c = t.charAt(i);
            if (!Character.isJavaIdentifierPart(c) && c != '.') return false;
        }
        if (open > 0 && !Character.isJavaIdentifierStart(t.charAt(0))) return false;
        int depth = 0;
        for (int i = open; i < t.length(); i++) {
            if (t.charAt(i) == '(') depth++;
            else if (t.charAt(i) == ')' && --depth == 0) return i == t.length() - 1;
        }
        return false;
    }
}
