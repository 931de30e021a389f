package dev.nnc.codegen;

import com.palantir.javapoet.CodeBlock;
import dev.nnc.ir.Op;
import dev.nnc.runtime.Kernels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An elementwise op's {@link Op#javaTemplate} turned into a CodeBlock format: each {@code %s}
 * becomes {@code $L} (an operand, parenthesised unless it sits alone in a call's argument list),
 * {@code Math.} and {@code Kernels.} become {@code $T.} so the generated file imports them.
 * For float the template is rewritten mechanically: a {@code Math} call without a float overload
 * is cast back ({@code (float) Math.sin(x)}), a decimal literal gets its {@code f}, and
 * {@code Kernels} calls resolve to their float overloads by themselves.
 */
final class ScalarTemplate {
    /** {@code Math} functions that have float overloads returning float (declared before the tables use it). */
    private static final Set<String> FLOAT_CLOSED = Set.of("abs", "max", "min");

    /** The parsed template of every elementwise op; immutable tables, built once. */
    private static final Map<Op, ScalarTemplate> DOUBLE_TABLE = table(ScalarType.DOUBLE);
    private static final Map<Op, ScalarTemplate> FLOAT_TABLE = table(ScalarType.FLOAT);

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

    static ScalarTemplate of(Op op, ScalarType scalar) {
        ScalarTemplate t = (scalar.isFloat() ? FLOAT_TABLE : DOUBLE_TABLE).get(op);
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

    private static Map<Op, ScalarTemplate> table(ScalarType scalar) {
        Map<Op, ScalarTemplate> m = new EnumMap<>(Op.class);
        for (Op op : Op.values()) if (op.isElementwise()) m.put(op, parse(op.javaTemplate, scalar));
        return Collections.unmodifiableMap(m);
    }

    /**
     * The template in {@code scalar}'s type. A cast call {@code (float) Math.f(…)} stays atomic:
     * a cast binds tighter than every operator an operand is put under.
     */
    static ScalarTemplate parse(String template, ScalarType scalar) {
        boolean toFloat = scalar.isFloat();
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
                i += "Math.".length();
                if (toFloat && !FLOAT_CLOSED.contains(identifierAt(template, i))) format.append("(float) ");
                format.append("$T.");
                args.add(Math.class);
            } else if (toFloat && isDecimalAt(template, i)) {
                int end = decimalEnd(template, i);
                format.append(template, i, end).append('f');
                i = end;
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

    private static String identifierAt(String t, int at) {
        int end = at;
        while (end < t.length() && Character.isJavaIdentifierPart(t.charAt(end))) end++;
        return t.substring(at, end);
    }

    /** A literal such as {@code 1.0} starts here (not a digit inside a name). */
    private static boolean isDecimalAt(String t, int at) {
        if (!Character.isDigit(t.charAt(at)) || at > 0 && Character.isJavaIdentifierPart(t.charAt(at - 1))) return false;
        int end = at;
        while (end < t.length() && Character.isDigit(t.charAt(end))) end++;
        return end < t.length() && t.charAt(end) == '.';
    }

    /** Where the decimal literal starting at {@code at} ends: digits, a point, digits, an exponent. */
    private static int decimalEnd(String t, int at) {
        int end = at;
        while (end < t.length() && (Character.isDigit(t.charAt(end)) || t.charAt(end) == '.')) end++;
        if (end < t.length() && (t.charAt(end) == 'e' || t.charAt(end) == 'E')) {
            end++;
            if (end < t.length() && (t.charAt(end) == '+' || t.charAt(end) == '-')) end++;
            while (end < t.length() && Character.isDigit(t.charAt(end))) end++;
        }
        return end;
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
