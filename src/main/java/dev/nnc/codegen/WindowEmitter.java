package dev.nnc.codegen;

import com.palantir.javapoet.CodeBlock;
import dev.nnc.ir.Attr;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.Shape;
import java.util.Arrays;

/**
 * Loop nests of convolution and pooling over NCHW tensors, in the interpreter's order (so sums
 * agree to the bit): output (i, j) reads input (i·s − p + k·d, j·s − p + l·d); positions outside
 * the input are skipped (zero padding), and max pooling keeps the first maximum of each window.
 */
final class WindowEmitter {
    private final Storage storage;
    private final LoopParts parts;

    WindowEmitter(Storage storage, LoopParts parts) {
        this.storage = storage;
        this.parts = parts;
    }

    CodeBlock emit(Node n) {
        return switch (n.op()) {
            case CONV2D -> conv(n, n.input(0), n.input(1), n, Role.FORWARD);
            case CONV2D_BACK_INPUT -> conv(n, n, n.input(1), n.input(0), Role.INPUT);
            case CONV2D_BACK_WEIGHT -> conv(n, n.input(0), n, n.input(1), Role.WEIGHT);
            case MAXPOOL, MAXPOOL_BACK, MAXPOOL_GATHER -> maxpool(n);
            case AVGPOOL, AVGPOOL_BACK -> avgpool(n);
            default -> throw new IllegalArgumentException(n.op() + " is not a window op");
        };
    }

    private enum Role { FORWARD, INPUT, WEIGHT }

    /**
     * The forward pass and the weight gradient run taps outside, output positions inside: for
     * one (image, out channel, in channel, kernel row, kernel column) the valid output positions
     * form a rectangle, computed once, so the inner loop walks a row of y (and of x) with no
     * bounds tests. Every output still adds its taps in (c, kh, kw) order, and every weight its
     * terms in (image, row, column) order, as the interpreter does. The input gradient keeps
     * the interpreter's nest, whose order per input element a tap-outer nest would change.
     */
    private CodeBlock conv(Node n, Node x, Node w, Node y, Role role) {
        if (role == Role.INPUT) return convNest(n, x, w, y, role);
        Attr.Window2d a = n.window();
        if (role == Role.WEIGHT && storage.schedule().laneConvWeight(n)) return convWeightLanes(n, x, y);
        if (role == Role.WEIGHT && a.kh() * a.kw() <= MAX_INTERLEAVED_TAPS) return convWeightInterleaved(n, x, y);
        if (role == Role.FORWARD && storage.schedule().paddedConvPlanes(n)) return convPlanes(n, x, w, y);
        return convTaps(n, x, w, y, role);
    }

    /**
     * A stride-1 forward pass on zero-padded planes ({@code ConvPlanes}): every tap in bounds, one
     * flat vector loop per output plane. Taken when the weights are finite (then a padding tap's
     * 0·w changes no sum); otherwise the taps-outer nest, which skips the padding as the interpreter does.
     */
    private CodeBlock convPlanes(Node n, Node x, Node w, Node y) {
        Attr.Window2d a = n.window();
        Shape xs = x.shape(), ys = y.shape();
        int nb = xs.dim(0), c = xs.dim(1), h = xs.dim(2), wd = xs.dim(3), o = ys.dim(1), ho = ys.dim(2), wo = ys.dim(3);
        int hp = h + 2 * a.ph(), wp = wd + 2 * a.pw();
        java.util.List<Storage.Scratch> scratch = storage.scratch(n);
        String xp = scratch.get(0).name(), plane = scratch.get(1).name(), out = storage.array(n), wa = storage.array(w);
        Class<?> planes = dev.nnc.runtime.ConvPlanes.class;
        CodeBlock.Builder b = CodeBlock.builder();
        // padded whatever the weights: the backward pass's weight gradient may read it (Schedule.paddingSource)
        b.addStatement("$T.pad($N, $N, $L, $L, $L, $L, $L, $L, $L)", planes, storage.array(x), xp, nb * c, h, wd, a.ph(), a.pw(), hp, wp);
        b.beginControlFlow("if ($T.finite($N))", planes, wa);
        if (Schedule.unrolledConvTaps(n)) {
            b.add("// stride 1: the input zero-padded once, then each output row in vector lanes, its $L taps written out\n", c * a.kh() * a.kw());
            b.add(convRowsUnrolled(n, xp, wa, out, hp, wp));
        } else {
        b.add("// stride 1: the input zero-padded once, then each output plane in one flat loop of vector lanes\n");
        b.beginControlFlow("for (int i0 = 0; i0 < $L; i0++)", nb);
        b.beginControlFlow("for (int i1 = 0; i1 < $L; i1++)", o);
        b.addStatement("$T.plane($N, i0 * $L, $L, $L, $L, $L, $L, $L, $L, $N, i1 * $L, $N, $N, (i0 * $L + i1) * $L, $L, $L)", planes,
                xp, c * hp * wp, c, a.kh(), a.kw(), a.dh(), a.dw(), hp, wp, wa, c * a.kh() * a.kw(), plane, out, o, ho * wo, ho, wo);
        b.endControlFlow().endControlFlow();
        }
        b.nextControlFlow("else");
        b.add(convTaps(n, x, w, y, Role.FORWARD));
        b.endControlFlow();
        return b.build();
    }

    /**
     * {@link #convPlanes} with the taps written out: per output row, vectors of positions (the last
     * one overlapping its predecessor when the row is not a whole number of vectors: its lanes are
     * recomputed to the same values), each summing its taps' products from 0.0 in (c, kh, kw)
     * order, the interpreter's, with the weights broadcast once per (image, out channel). One pass
     * over the output instead of {@code ConvPlanes.plane}'s pass over a plane's lanes per tap
     * (W6: 1.5 → 0.5 ms per step, BENCHMARKS.md).
     */
    private CodeBlock convRowsUnrolled(Node n, String xp, String wa, String out, int hp, int wp) {
        Attr.Window2d a = n.window();
        Shape xs = n.input(0).shape(), ys = n.shape();
        int nb = xs.dim(0), c = xs.dim(1), o = ys.dim(1), ho = ys.dim(2), wo = ys.dim(3), taps = c * a.kh() * a.kw();
        boolean f = storage.scalar().isFloat();
        Class<?> vector = f ? jdk.incubator.vector.FloatVector.class : jdk.incubator.vector.DoubleVector.class;
        Class<?> lanes = dev.nnc.runtime.Lanes.class;
        String species = f ? "F" : "D", count = f ? "FLOATS" : "DOUBLES";
        // images are independent: two threads may take one half each
        boolean shared = parts.shares(ys.size(), nb);
        CodeBlock.Builder b = CodeBlock.builder();
        if (shared) b.beginControlFlow("for (int i0 = lo; i0 < hi; i0++)");
        else b.beginControlFlow("for (int i0 = 0; i0 < $L; i0++)", nb);
        b.beginControlFlow("for (int i1 = 0; i1 < $L; i1++)", o);
        for (int t = 0; t < taps; t++) {
            b.addStatement("$T w$L = $T.broadcast($T.$L, $N[$L])", vector, t, vector, lanes, species, wa, Index.of(t).plus("i1", taps).code());
        }
        b.beginControlFlow("for (int i2 = 0; i2 < $L; i2++)", ho);
        b.addStatement("int xRow = $L", Index.of(0).plus("i0", c * hp * wp).plus("i2", wp).code());
        b.addStatement("int yRow = $L", Index.of(0).plus("i0", o * ho * wo).plus("i1", ho * wo).plus("i2", wo).code());
        b.beginControlFlow("for (int q = 0; q < $L; q += $T.$L)", wo, lanes, count);
        b.addStatement("int j = Math.min(q, $L - $T.$L)", wo, lanes, count);
        b.addStatement("int at = xRow + j");
        int t = 0;
        for (int ci = 0; ci < c; ci++) {
            for (int kh = 0; kh < a.kh(); kh++) {
                for (int kw = 0; kw < a.kw(); kw++, t++) {
                    int offset = ci * hp * wp + kh * a.dh() * wp + kw * a.dw();
                    CodeBlock at = offset == 0 ? CodeBlock.of("at") : CodeBlock.of("at + $L", offset);
                    CodeBlock product = CodeBlock.of("$T.fromArray($T.$L, $N, $L).mul(w$L)", vector, lanes, species, xp, at, t);
                    if (t == 0) b.addStatement("$T s = $T.zero($T.$L).add($L)", vector, vector, lanes, species, product);
                    else b.addStatement("s = s.add($L)", product);
                }
            }
        }
        b.addStatement("s.intoArray($N, yRow + j)", out);
        b.endControlFlow().endControlFlow().endControlFlow().endControlFlow();
        return shared ? parts.run(b.build(), nb) : b.build();
    }

    /** Kernels up to this many taps get one accumulator each in the weight gradient's loop. */
    static final int MAX_INTERLEAVED_TAPS = 16;

    /**
     * The weight gradient with every tap of one (out channel, in channel) pair accumulated at once:
     * one pass over the output positions feeds kh·kw independent sums, instead of kh·kw passes of
     * one long chain of additions each (whose latency, not the arithmetic, set the pace). Each
     * weight still adds its terms in (image, row, column) order, the interpreter's.
     */
    private CodeBlock convWeightInterleaved(Node n, Node x, Node y) {
        Attr.Window2d a = n.window();
        Shape xs = x.shape(), ws = n.shape(), ys = y.shape();
        int nb = xs.dim(0), c = xs.dim(1), h = xs.dim(2), wd = xs.dim(3), o = ws.dim(0), ho = ys.dim(2), wo = ys.dim(3);
        CodeBlock.Builder b = CodeBlock.builder();
        String out = storage.array(n);
        ScalarType t = storage.scalar();
        b.addStatement("$T.fill($N, $L)", Arrays.class, out, t.literal(0).code());
        b.beginControlFlow("for (int i1 = 0; i1 < $L; i1++)", o);
        b.beginControlFlow("for (int i4 = 0; i4 < $L; i4++)", c);
        b.addStatement("int wBase = (i1 * $L + i4) * $L", c, a.kh() * a.kw());
        for (int kh = 0; kh < a.kh(); kh++) {
            for (int kw = 0; kw < a.kw(); kw++) b.addStatement("$T a$L_$L = $L", t.type(), kh, kw, t.literal(0).code());
        }
        b.beginControlFlow("for (int i0 = 0; i0 < $L; i0++)", nb);
        b.addStatement("int xPlane = (i0 * $L + i4) * $L", c, h * wd);
        b.addStatement("int yPlane = (i0 * $L + i1) * $L", o, ho * wo);
        b.beginControlFlow("for (int i2 = 0; i2 < $L; i2++)", ho);
        for (int kh = 0; kh < a.kh(); kh++) {
            b.addStatement("int r$L = i2 * $L - $L + $L", kh, a.sh(), a.ph(), kh * a.dh());
            b.addStatement("boolean rv$L = r$L >= 0 && r$L < $L", kh, kh, kh, h);
        }
        b.beginControlFlow("for (int i3 = 0; i3 < $L; i3++)", wo);
        b.addStatement("$T gv = $L", t.type(), storage.element(y, CodeBlock.of("yPlane + i2 * $L + i3", wo)).code());
        for (int kw = 0; kw < a.kw(); kw++) {
            b.addStatement("int q$L = i3 * $L - $L + $L", kw, a.sw(), a.pw(), kw * a.dw());
            b.addStatement("boolean qv$L = q$L >= 0 && q$L < $L", kw, kw, kw, wd);
        }
        for (int kh = 0; kh < a.kh(); kh++) {
            for (int kw = 0; kw < a.kw(); kw++) {
                b.addStatement("if (rv$L && qv$L) a$L_$L += $L * gv", kh, kw, kh, kw,
                        storage.element(x, CodeBlock.of("xPlane + r$L * $L + q$L", kh, wd, kw)).operand());
            }
        }
        b.endControlFlow().endControlFlow().endControlFlow();
        for (int kh = 0; kh < a.kh(); kh++) {
            for (int kw = 0; kw < a.kw(); kw++) b.addStatement("$N[wBase + $L] = a$L_$L", out, kh * a.kw() + kw, kh, kw);
        }
        b.endControlFlow().endControlFlow();
        return b.build();
    }

    /** Whether {@link #emit} writes {@code n}'s loop in Vector API lanes. */
    boolean inLanes(Node n) {
        return storage.schedule().laneConvWeight(n)
                || n.op() == Op.CONV2D && storage.schedule().paddedConvPlanes(n) && Schedule.unrolledConvTaps(n);
    }

    /**
     * The weight gradient in vector lanes across output channels: a lane is one weight, so each
     * tap's row of {@code sums} holds the sums of that tap for consecutive output channels, every
     * lane still adding its x·g terms in (image, row, column) order from zero, as the interpreter
     * does. The sums are loaded, added to and stored back in one statement rather than carried in
     * vector variables: C2 sometimes kept such loop-carried vectors boxed, and W6's step then
     * allocated 6.6 MB (seen in the full test suite's JVM, two runs in four) — also when they were
     * carried only along one output row inside a small runtime method (session 14, 6.75 MB).
     * One pass over the output positions serves every output channel of a block (and reads each
     * x once for all of them). g is first copied channels-last, so that one load gives the lanes
     * of one position. With padding the input is zero-padded once, so that no tap is tested:
     * a padding tap adds 0·g, which is ±0 for finite g and changes no sum (one that starts at +0
     * is never −0), while an infinite or NaN g makes it NaN, and then the sum, for good. So if
     * every sum comes out finite, no padding tap mattered and the sums are the interpreter's;
     * otherwise the taps-tested form below runs instead. Lanes past the last channel are discarded.
     */
    private CodeBlock convWeightLanes(Node n, Node x, Node y) {
        Attr.Window2d a = n.window();
        Shape xs = x.shape(), ys = y.shape();
        int nb = xs.dim(0), c = xs.dim(1), o = n.shape().dim(0), ho = ys.dim(2), wo = ys.dim(3), taps = a.kh() * a.kw();
        boolean padded = a.ph() > 0 || a.pw() > 0;
        int hp = xs.dim(2) + 2 * a.ph(), wp = xs.dim(3) + 2 * a.pw(), stride = storage.channelLanes(o);
        java.util.List<Storage.Scratch> scratch = storage.scratch(n);
        Node padding = storage.schedule().paddingSource(n);
        String gt = scratch.get(0).name(), sums = scratch.get(1).name();
        String xa = !padded ? storage.array(x) : padding != null ? storage.scratch(padding).get(0).name() : scratch.get(2).name();
        Class<?> lanes = dev.nnc.runtime.Lanes.class;
        String count = storage.scalar().isFloat() ? "FLOATS" : "DOUBLES";
        CodeBlock.Builder b = CodeBlock.builder();
        b.add("{\n").indent();
        b.add("// lanes across output channels: each lane one weight's sum, its terms in the interpreter's order\n");
        b.addStatement("boolean inLanes = $L % $T.$L == 0", stride, lanes, count);
        b.beginControlFlow("if (inLanes)");
        b.add("// g copied channels-last: one load then gives the lanes of one position\n");
        // images are copied independently: two threads share a long copy (W6: 627,200 elements, 0.6 ms on one)
        boolean shared = parts.shares((long) nb * o * ho * wo, nb);
        CodeBlock.Builder copy = CodeBlock.builder();
        copy.beginControlFlow(shared ? "for (int i0 = lo; i0 < hi; i0++)" : "for (int i0 = 0; i0 < " + nb + "; i0++)");
        copy.beginControlFlow("for (int p = 0; p < $L; p++)", ho * wo);
        copy.addStatement("int from = $L + p", Index.of(0).plus("i0", o * ho * wo).code());
        copy.addStatement("int to = $L", Index.of(0).plus("i0", ho * wo * stride).plus("p", stride).code());
        channelsLast(copy, gt, storage.array(y), o, ho * wo);
        copy.endControlFlow().endControlFlow();
        b.add(shared ? parts.run(copy.build(), nb) : copy.build());
        if (padded && padding != null) {
            b.add("// x as the forward pass's convolution padded it\n");
        } else if (padded) {
            b.addStatement("$T.pad($N, $N, $L, $L, $L, $L, $L, $L, $L)", dev.nnc.runtime.ConvPlanes.class, storage.array(x), xa,
                    nb * c, xs.dim(2), xs.dim(3), a.ph(), a.pw(), hp, wp);
        }
        // taps in two groups on two threads: each sum stays on one thread, its terms in order
        boolean split = taps >= 2 && parts.shares((long) nb * ho * wo * o * taps, 2);
        if (split) {
            CodeBlock.Builder groups = CodeBlock.builder();
            groups.beginControlFlow("for (int group = lo; group < hi; group++)");
            groups.beginControlFlow("if (group == 0)");
            int half = (taps + 1) / 2, second = storage.laneSums(n) + 16;
            lanesNest(groups, n, x, y, xa, gt, sums, 0, 0, half);
            groups.nextControlFlow("else");
            groups.add("// into the second copy of the sums: no cache line shared with the first thread's\n");
            lanesNest(groups, n, x, y, xa, gt, sums, second, half, taps);
            groups.endControlFlow().endControlFlow();
            b.add("// the taps in two groups, one per thread: each sum on one thread, its terms in order\n");
            b.add(parts.run(groups.build(), 2));
            b.add("// the second group's sums back beside the first's\n");
            b.beginControlFlow("for (int i4 = 0; i4 < $L; i4++)", c);
            b.addStatement("$T.arraycopy($N, $L + i4 * $L, $N, $L + i4 * $L, $L)", System.class, sums, second + half * stride, taps * stride,
                    sums, half * stride, taps * stride, (taps - half) * stride);
            b.endControlFlow();
        } else {
            lanesNest(b, n, x, y, xa, gt, sums, 0, 0, taps);
        }
        String unpack = "$T.unpack($N, $N, $L, $L, $L, $L)";
        Object[] args = {dev.nnc.runtime.ConvWeights.class, sums, storage.array(n), o, c, taps, stride};
        if (padded) {
            b.add("// a non-finite sum may come from a padding tap's 0·∞: then the form that skips the padding\n");
            b.addStatement("inLanes = " + unpack, args);
        } else {
            b.addStatement(unpack, args);
        }
        b.endControlFlow();
        b.beginControlFlow("if (!inLanes)");
        b.add(convWeightInterleaved(n, x, y));
        b.endControlFlow();
        b.unindent().add("}\n");
        return b.build();
    }

    /**
     * {@link #convWeightLanes}' pass over every output position for the sums of taps [t0, t1),
     * kept from element {@code region} of {@code sums} on.
     */
    private void lanesNest(CodeBlock.Builder b, Node n, Node x, Node y, String xa, String gt, String sums, int region, int t0, int t1) {
        Attr.Window2d a = n.window();
        Shape xs = x.shape(), ys = y.shape();
        int nb = xs.dim(0), c = xs.dim(1), o = n.shape().dim(0), ho = ys.dim(2), wo = ys.dim(3), taps = a.kh() * a.kw();
        int hp = xs.dim(2) + 2 * a.ph(), wp = xs.dim(3) + 2 * a.pw(), stride = storage.channelLanes(o);
        boolean f = storage.scalar().isFloat();
        Class<?> vector = f ? jdk.incubator.vector.FloatVector.class : jdk.incubator.vector.DoubleVector.class;
        Class<?> lanes = dev.nnc.runtime.Lanes.class;
        String species = f ? "F" : "D", count = f ? "FLOATS" : "DOUBLES";
        b.beginControlFlow("for (int i4 = 0; i4 < $L; i4++)", c);
        b.beginControlFlow("for (int ob = 0; ob < $L; ob += $T.$L)", o, lanes, count);
        b.addStatement("int base = $L + ob", Index.of(region).plus("i4", taps * stride).code());
        b.beginControlFlow("for (int t = $L; t < $L; t++)", t0, t1);
        b.addStatement("$T.zero($T.$L).intoArray($N, base + t * $L)", vector, lanes, species, sums, stride);
        b.endControlFlow();
        b.beginControlFlow("for (int i0 = 0; i0 < $L; i0++)", nb);
        b.addStatement("int xPlane = $L", Index.of(0).plus("i0", c * hp * wp).plus("i4", hp * wp).code());
        b.beginControlFlow("for (int i2 = 0; i2 < $L; i2++)", ho);
        b.addStatement("int gRow = $L + ob", Index.of(0).plus("i0", ho * wo * stride).plus("i2", wo * stride).code());
        b.addStatement("int xRow = xPlane + $L", Index.of(0).plus("i2", a.sh() * wp).code());
        b.beginControlFlow("for (int i3 = 0; i3 < $L; i3++)", wo);
        b.addStatement("$T gv = $T.fromArray($T.$L, $N, gRow + i3 * $L)", vector, vector, lanes, species, gt, stride);
        b.addStatement("int at = xRow + $L", Index.of(0).plus("i3", a.sw()).code());
        for (int tap = t0; tap < t1; tap++) {
            int kh = tap / a.kw(), kw = tap % a.kw();
            int offset = kh * a.dh() * wp + kw * a.dw();
            int row = tap * stride;
            CodeBlock sum = row == 0 ? CodeBlock.of("base") : CodeBlock.of("base + $L", row);
            b.addStatement("$T.fromArray($T.$L, $N, $L).add(gv.mul($N[$L])).intoArray($N, $L)", vector, lanes, species, sums, sum,
                    xa, offset == 0 ? CodeBlock.of("at") : CodeBlock.of("at + $L", offset), sums, sum);
        }
        b.endControlFlow();
        b.endControlFlow().endControlFlow();
        b.endControlFlow().endControlFlow();
    }

    /**
     * The copies of one position's channels, {@code gt[to + c] = g[from + c·plane]} for c &lt; o:
     * written out, eight per iteration of a loop over channels beyond sixteen. (C2 compiles a
     * loop over 12 channels per position three times slower than the twelve statements, and a
     * helper taking the bounds as arguments, which it cannot unroll, twice as slow as W6's eight.)
     */
    private static void channelsLast(CodeBlock.Builder b, String gt, String g, int o, int plane) {
        int looped = o > 16 ? o / 8 * 8 : 0;
        if (looped > 0) {
            b.beginControlFlow("for (int c = 0; c < $L; c += 8)", looped);
            for (int k = 0; k < 8; k++) {
                b.addStatement("$N[to + c + $L] = $N[from + (c + $L) * $L]", gt, k, g, k, plane);
            }
            b.endControlFlow();
        }
        for (int c = looped; c < o; c++) {
            b.addStatement("$N[$L] = $N[$L]", gt, Index.of(c).plus("to", 1).code(), g, Index.of(c * plane).plus("from", 1).code());
        }
    }

    private CodeBlock convTaps(Node n, Node x, Node w, Node y, Role role) {
        Attr.Window2d a = n.window();
        Shape xs = x.shape(), ws = w.shape(), ys = y.shape();
        int nb = xs.dim(0), c = xs.dim(1), h = xs.dim(2), wd = xs.dim(3), o = ws.dim(0), ho = ys.dim(2), wo = ys.dim(3);
        CodeBlock.Builder b = CodeBlock.builder();
        String out = storage.array(n);
        ScalarType t = storage.scalar();
        b.addStatement("$T.fill($N, $L)", Arrays.class, out, t.literal(0).code());
        b.beginControlFlow("for (int i0 = 0; i0 < $L; i0++)", nb);
        b.beginControlFlow("for (int i1 = 0; i1 < $L; i1++)", o);
        b.beginControlFlow("for (int i4 = 0; i4 < $L; i4++)", c);
        b.beginControlFlow("for (int i5 = 0; i5 < $L; i5++)", a.kh());
        // output rows i2 whose input row i2·sh − ph + i5·dh lies in [0, h)
        b.addStatement("int r0 = $T.max(0, -$T.floorDiv(i5 * $L - $L, $L))", Math.class, Math.class, a.dh(), a.ph(), a.sh());
        b.addStatement("int r1 = $T.min($L, $T.floorDiv($L - i5 * $L, $L) + 1)", Math.class, ho, Math.class, h - 1 + a.ph(), a.dh(), a.sh());
        b.beginControlFlow("for (int i6 = 0; i6 < $L; i6++)", a.kw());
        b.addStatement("int q0 = $T.max(0, -$T.floorDiv(i6 * $L - $L, $L))", Math.class, Math.class, a.dw(), a.pw(), a.sw());
        b.addStatement("int q1 = $T.min($L, $T.floorDiv($L - i6 * $L, $L) + 1)", Math.class, wo, Math.class, wd - 1 + a.pw(), a.dw(), a.sw());
        CodeBlock wAt = CodeBlock.of("((i1 * $L + i4) * $L + i5) * $L + i6", c, a.kh(), a.kw());
        if (role == Role.FORWARD) b.addStatement("$T wv = $L", t.type(), storage.element(w, wAt).code());
        else b.addStatement("$T acc = $N[$L]", t.type(), out, wAt);
        b.beginControlFlow("for (int i2 = r0; i2 < r1; i2++)");
        b.addStatement("int yRow = ((i0 * $L + i1) * $L + i2) * $L", o, ho, wo);
        b.addStatement("int xRow = ((i0 * $L + i4) * $L + i2 * $L - $L + i5 * $L) * $L - $L + i6 * $L", c, h, a.sh(), a.ph(), a.dh(), wd, a.pw(), a.dw());
        if (role == Role.FORWARD && a.sw() == 1 && wo >= ElementwiseEmitter.MIN_VECTOR_ROW && dev.nnc.runtime.Gemm.vectorised()
                && !isSplat(x)) {
            // the output row and the input row move together: one row update in vector lanes
            b.addStatement("$T.axpy($N, yRow + q0, $N, xRow + q0, wv, q1 - q0)", dev.nnc.runtime.Rows.class, out, storage.array(x));
            b.endControlFlow().endControlFlow().endControlFlow().endControlFlow().endControlFlow().endControlFlow();
            return b.build();
        }
        b.beginControlFlow("for (int i3 = q0; i3 < q1; i3++)");
        CodeBlock xAt = a.sw() == 1 ? CodeBlock.of("xRow + i3") : CodeBlock.of("xRow + i3 * $L", a.sw());
        if (role == Role.FORWARD) b.addStatement("$N[yRow + i3] += $L * wv", out, storage.element(x, xAt).operand());
        else b.addStatement("acc += $L * $L", storage.element(x, xAt).operand(), storage.element(y, CodeBlock.of("yRow + i3")).operand());
        b.endControlFlow().endControlFlow();
        if (role == Role.WEIGHT) b.addStatement("$N[$L] = acc", out, wAt);
        b.endControlFlow().endControlFlow().endControlFlow().endControlFlow().endControlFlow();
        return b.build();
    }

    private static boolean isSplat(Node n) {
        Node s = Schedule.storage(n);
        return s.op() == Op.CONST && ((Attr.Data) s.attr()).isSplat();
    }

    /** One loop nest serves all three: which of x, w, y is written depends on the role. */
    private CodeBlock convNest(Node n, Node x, Node w, Node y, Role role) {
        Attr.Window2d a = n.window();
        Shape xs = x.shape(), ws = w.shape(), ys = y.shape();
        int nb = xs.dim(0), c = xs.dim(1), h = xs.dim(2), wd = xs.dim(3), o = ws.dim(0), ho = ys.dim(2), wo = ys.dim(3);
        CodeBlock.Builder b = CodeBlock.builder();
        String out = storage.array(n);
        ScalarType t = storage.scalar();
        if (role != Role.FORWARD) b.addStatement("$T.fill($N, $L)", Arrays.class, out, t.literal(0).code());
        b.beginControlFlow("for (int i0 = 0; i0 < $L; i0++)", nb);
        b.beginControlFlow("for (int i1 = 0; i1 < $L; i1++)", o);
        b.beginControlFlow("for (int i2 = 0; i2 < $L; i2++)", ho);
        b.beginControlFlow("for (int i3 = 0; i3 < $L; i3++)", wo);
        CodeBlock yAt = CodeBlock.of("((i0 * $L + i1) * $L + i2) * $L + i3", o, ho, wo);
        if (role == Role.FORWARD) b.addStatement("$T s = $L", t.type(), t.literal(0).code());
        else b.addStatement("$T gv = $L", t.type(), storage.element(y, yAt).code());
        b.beginControlFlow("for (int i4 = 0; i4 < $L; i4++)", c);
        b.beginControlFlow("for (int i5 = 0; i5 < $L; i5++)", a.kh());
        b.addStatement("int r = i2 * $L - $L + i5 * $L", a.sh(), a.ph(), a.dh());
        b.addStatement("if (r < 0 || r >= $L) continue", h);
        b.beginControlFlow("for (int i6 = 0; i6 < $L; i6++)", a.kw());
        b.addStatement("int q = i3 * $L - $L + i6 * $L", a.sw(), a.pw(), a.dw());
        b.addStatement("if (q < 0 || q >= $L) continue", wd);
        CodeBlock xAt = CodeBlock.of("((i0 * $L + i4) * $L + r) * $L + q", c, h, wd);
        CodeBlock wAt = CodeBlock.of("((i1 * $L + i4) * $L + i5) * $L + i6", c, a.kh(), a.kw());
        switch (role) {
            case FORWARD -> b.addStatement("s += $L * $L", storage.element(x, xAt).operand(), storage.element(w, wAt).operand());
            case INPUT -> b.addStatement("$N[$L] += gv * $L", out, xAt, storage.element(w, wAt).operand());
            case WEIGHT -> b.addStatement("$N[$L] += $L * gv", out, wAt, storage.element(x, xAt).operand());
        }
        b.endControlFlow().endControlFlow().endControlFlow();
        if (role == Role.FORWARD) b.addStatement("$N[$L] = s", out, yAt);
        b.endControlFlow().endControlFlow().endControlFlow().endControlFlow();
        return b.build();
    }

    /** The window's first maximum is found by a scan; the op then reads, sends back or gathers at it. */
    private CodeBlock maxpool(Node n) {
        Node source = storage.schedule().argmaxSource(n);
        if (source != null) return maxpoolFromArgmax(n, storage.argmaxArray(source));
        if (Schedule.insideMaxpool(n)) return maxpoolInside(n);
        Attr.Window2d a = n.window();
        Node x = n.input(0);
        Shape xs = x.shape();
        Shape pooled = n.op() == Op.MAXPOOL_BACK ? n.input(1).shape() : n.shape();
        int planes = xs.dim(0) * xs.dim(1), h = xs.dim(2), wd = xs.dim(3), ho = pooled.dim(2), wo = pooled.dim(3);
        CodeBlock.Builder b = CodeBlock.builder();
        String out = storage.array(n);
        ScalarType t = storage.scalar();
        if (n.op() == Op.MAXPOOL_BACK) b.addStatement("$T.fill($N, $L)", Arrays.class, out, t.literal(0).code());
        b.beginControlFlow("for (int i0 = 0; i0 < $L; i0++)", planes);
        b.beginControlFlow("for (int i1 = 0; i1 < $L; i1++)", ho);
        b.beginControlFlow("for (int i2 = 0; i2 < $L; i2++)", wo);
        b.addStatement("int best = -1");
        b.addStatement("$T m = $T.NEGATIVE_INFINITY", t.type(), t.boxed());
        b.beginControlFlow("for (int i3 = 0; i3 < $L; i3++)", a.kh());
        b.addStatement("int r = i1 * $L - $L + i3 * $L", a.sh(), a.ph(), a.dh());
        b.addStatement("if (r < 0 || r >= $L) continue", h);
        b.beginControlFlow("for (int i4 = 0; i4 < $L; i4++)", a.kw());
        b.addStatement("int q = i2 * $L - $L + i4 * $L", a.sw(), a.pw(), a.dw());
        b.addStatement("if (q < 0 || q >= $L) continue", wd);
        b.addStatement("int l = (i0 * $L + r) * $L + q", h, wd);
        b.addStatement("$T xv = $L", t.type(), storage.element(x, CodeBlock.of("l")).code());
        b.beginControlFlow("if (best < 0 || xv > m || xv != xv)");
        b.addStatement("best = l");
        b.addStatement("m = xv");
        b.endControlFlow();
        b.endControlFlow().endControlFlow();
        CodeBlock at = CodeBlock.of("(i0 * $L + i1) * $L + i2", ho, wo);
        String kept = n.op() == Op.MAXPOOL ? storage.argmaxArray(n) : null;
        if (kept != null) b.addStatement("$N[$L] = best", kept, at);
        switch (n.op()) {
            case MAXPOOL -> b.addStatement("$N[$L] = m", out, at);
            case MAXPOOL_BACK -> b.addStatement("$N[best] += $L", out, storage.element(n.input(1), at).code());
            default -> b.addStatement("$N[$L] = $L", out, at, storage.element(n.input(1), CodeBlock.of("best")).code());
        }
        b.endControlFlow().endControlFlow().endControlFlow();
        return b.build();
    }

    /**
     * Windows that never leave the input (no padding): the scan without bounds tests, its taps
     * written out, each step an int select ({@code Kernels.firstMax}) instead of a branch that
     * mispredicts on random values. A forward pool may run a row at a time in vector lanes.
     */
    private CodeBlock maxpoolInside(Node n) {
        Attr.Window2d a = n.window();
        Node x = n.input(0);
        Shape xs = x.shape();
        Shape pooled = n.op() == Op.MAXPOOL_BACK ? n.input(1).shape() : n.shape();
        int planes = xs.dim(0) * xs.dim(1), h = xs.dim(2), wd = xs.dim(3), ho = pooled.dim(2), wo = pooled.dim(3);
        String in = storage.array(x), out = storage.array(n);
        CodeBlock.Builder b = CodeBlock.builder();
        if (n.op() == Op.MAXPOOL_BACK) b.addStatement("$T.fill($N, $L)", Arrays.class, out, storage.scalar().literal(0).code());
        b.add("// windows inside the input: the scan's taps in its order, each step an int select (first maximum, NaN taken)\n");
        boolean lanes = storage.schedule().laneMaxpool(n);
        // a forward pool's planes are independent: two threads share a long one (W6: 0.7–0.9 ms on one),
        // the lanes' scratch in two halves, the first for the part from 0 (the caller's, see Parts)
        boolean shared = n.op() == Op.MAXPOOL && parts.shares(n.shape().size(), planes);
        CodeBlock.Builder outer = b;
        if (shared) {
            b = CodeBlock.builder();
            if (lanes) b.addStatement("int half = lo == 0 ? 0 : $L", maxpoolScratchHalf(n));
            b.beginControlFlow("for (int i0 = lo; i0 < hi; i0++)");
        } else {
            b.beginControlFlow("for (int i0 = 0; i0 < $L; i0++)", planes);
        }
        b.beginControlFlow("for (int i1 = 0; i1 < $L; i1++)", ho);
        b.addStatement("int row = (i0 * $L + i1 * $L) * $L", h, a.sh(), wd);
        b.addStatement("int at = (i0 * $L + i1) * $L", ho, wo);
        if (lanes) {
            // the lanes read up to a vector (of at most PLANE_LANES) past the row's last window start
            int reach = Schedule.roundUpToLanes(Schedule.maxpoolSpan(n)) + Schedule.maxpoolLastTap(n);
            b.beginControlFlow("if (row + $L <= $L)", reach, xs.size());
            b.add(maxpoolLanes(n, shared));
            b.nextControlFlow("else");
        }
        b.beginControlFlow("for (int i2 = 0; i2 < $L; i2++)", wo);
        b.addStatement("int l = row + i2 * $L", a.sw());
        b.addStatement("int k = l");
        for (int tap : taps(a, wd)) {
            if (tap > 0) b.addStatement("k = $T.firstMax($N, k, l + $L)", dev.nnc.runtime.Kernels.class, in, tap);
        }
        switch (n.op()) {
            case MAXPOOL -> {
                String kept = storage.argmaxArray(n);
                if (kept != null) b.addStatement("$N[at + i2] = k", kept);
                b.addStatement("$N[at + i2] = $N[k]", out, in);
            }
            case MAXPOOL_BACK -> b.addStatement("$N[k] += $L", out, storage.element(n.input(1), CodeBlock.of("at + i2")).code());
            default -> b.addStatement("$N[at + i2] = $L", out, storage.element(n.input(1), CodeBlock.of("k")).code());
        }
        b.endControlFlow();
        if (lanes) b.endControlFlow();
        b.endControlFlow().endControlFlow();
        if (shared) outer.add(parts.run(b.build(), planes));
        return outer.build();
    }

    /**
     * The size of one thread's half of a lane pool's scratch (Storage allocates two): the maxima
     * and their offsets, then 16 elements that no thread writes. Without them the first half's last
     * elements shared a cache line with the second's first, and the two threads wrote that line at
     * every row (W6's forward pool: 1.07 ms → 0.73 ms on two threads in a microbenchmark).
     */
    static int maxpoolScratchHalf(Node n) {
        return 2 * Schedule.roundUpToLanes(Schedule.maxpoolSpan(n)) + 16;
    }

    /** Flat offsets of a window's taps from its first, in the scan's (row-major) order. */
    private static int[] taps(Attr.Window2d a, int width) {
        int[] taps = new int[a.kh() * a.kw()];
        for (int r = 0; r < a.kh(); r++) {
            for (int c = 0; c < a.kw(); c++) taps[r * a.kw() + c] = r * a.dh() * width + c * a.dw();
        }
        return taps;
    }

    /**
     * One row of a forward pool in vector lanes: lane j scans the window that starts at column q + j
     * (every start, strided or not), with the scalar scan's steps lane by lane ({@code Lanes.replaces}
     * then blends: the same first maximum, NaN taken); the starts of the pooled columns are then
     * copied out of the scratch lanes, each maximum with its offset in the window.
     */
    private CodeBlock maxpoolLanes(Node n, boolean shared) {
        Attr.Window2d a = n.window();
        boolean f = storage.scalar().isFloat();
        Class<?> vector = f ? jdk.incubator.vector.FloatVector.class : jdk.incubator.vector.DoubleVector.class;
        com.palantir.javapoet.TypeName mask = com.palantir.javapoet.ParameterizedTypeName.get(jdk.incubator.vector.VectorMask.class,
                f ? Float.class : Double.class);
        Class<?> lanes = dev.nnc.runtime.Lanes.class;
        String species = f ? "F" : "D", count = f ? "FLOATS" : "DOUBLES";
        String in = storage.array(n.input(0)), out = storage.array(n), kept = storage.argmaxArray(n);
        String scratch = storage.scratch(n).get(0).name();
        int span = Schedule.maxpoolSpan(n), offsets = Schedule.roundUpToLanes(span), wo = n.shape().dim(3);
        CodeBlock.Builder b = CodeBlock.builder();
        b.add("// the scan of every window start of the row, lane by lane, then the pooled starts copied out (rows whose lanes stay in the array)\n");
        b.beginControlFlow("for (int q = 0; q < $L; q += $T.$L)", span, lanes, count);
        b.addStatement("$T m = $T.fromArray($T.$L, $N, row + q)", vector, vector, lanes, species, in);
        if (kept != null) b.addStatement("$T k = $T.zero($T.$L)", vector, vector, lanes, species);
        for (int tap : taps(a, n.input(0).shape().dim(3))) {
            if (tap == 0) continue;
            b.addStatement("$T tap$L = $T.fromArray($T.$L, $N, row + q + $L)", vector, tap, vector, lanes, species, in, tap);
            b.addStatement("$T takes$L = $T.replaces(m, tap$L)", mask, tap, lanes, tap);
            b.addStatement("m = m.blend(tap$L, takes$L)", tap, tap);
            if (kept != null) b.addStatement("k = k.blend($L, takes$L)", tap, tap);
        }
        String h = shared ? "half + " : "";
        b.addStatement("m.intoArray($N, $Lq)", scratch, h);
        if (kept != null) b.addStatement("k.intoArray($N, $L$L + q)", scratch, h, offsets);
        b.endControlFlow();
        b.beginControlFlow("for (int i2 = 0; i2 < $L; i2++)", wo);
        if (kept != null) {
            b.addStatement("$N[at + i2] = row + i2 * $L + (int) $N[$L$L + i2 * $L]", kept, a.sw(), scratch, h, offsets, a.sw());
        }
        b.addStatement("$N[at + i2] = $N[$Li2 * $L]", out, scratch, h, a.sw());
        b.endControlFlow();
        return b.build();
    }

    /**
     * The adjoints of a maxpool whose forward pass kept its argmax: no second scan. The gradient
     * adds each pooled element at its maximum in pooled order, as the scanning loop does.
     */
    private CodeBlock maxpoolFromArgmax(Node n, String argmax) {
        int pooled = n.op() == Op.MAXPOOL_BACK ? n.input(1).shape().size() : n.shape().size();
        String out = storage.array(n);
        CodeBlock.Builder b = CodeBlock.builder();
        if (n.op() == Op.MAXPOOL_BACK) {
            b.addStatement("$T.fill($N, $L)", Arrays.class, out, storage.scalar().literal(0).code());
            b.beginControlFlow("for (int i = 0; i < $L; i++)", pooled);
            b.addStatement("$N[$N[i]] += $L", out, argmax, storage.element(n.input(1), CodeBlock.of("i")).code());
        } else {
            b.beginControlFlow("for (int i = 0; i < $L; i++)", pooled);
            b.addStatement("$N[i] = $L", out, storage.element(n.input(1), CodeBlock.of("$N[i]", argmax)).code());
        }
        b.endControlFlow();
        return b.build();
    }

    /** PyTorch's divisor: the window clipped to the padded input, padding counted. */
    private CodeBlock avgpool(Node n) {
        Attr.Window2d a = n.window();
        boolean back = n.op() == Op.AVGPOOL_BACK;
        Shape xs = back ? n.shape() : n.input(0).shape(), ys = back ? n.input(0).shape() : n.shape();
        int planes = xs.dim(0) * xs.dim(1), h = xs.dim(2), wd = xs.dim(3), ho = ys.dim(2), wo = ys.dim(3);
        CodeBlock.Builder b = CodeBlock.builder();
        String out = storage.array(n);
        ScalarType t = storage.scalar();
        if (back) b.addStatement("$T.fill($N, $L)", Arrays.class, out, t.literal(0).code());
        b.beginControlFlow("for (int i0 = 0; i0 < $L; i0++)", planes);
        b.beginControlFlow("for (int i1 = 0; i1 < $L; i1++)", ho);
        b.beginControlFlow("for (int i2 = 0; i2 < $L; i2++)", wo);
        b.addStatement("int r = i1 * $L - $L", a.sh(), a.ph());
        b.addStatement("int q = i2 * $L - $L", a.sw(), a.pw());
        b.addStatement("$T denom = ($T.min(r + $L, $L) - r) * ($T.min(q + $L, $L) - q)", t.type(), Math.class, a.kh(), h + a.ph(),
                Math.class, a.kw(), wd + a.pw());
        CodeBlock at = CodeBlock.of("(i0 * $L + i1) * $L + i2", ho, wo);
        if (back) b.addStatement("$T g = $L / denom", t.type(), storage.element(n.input(0), at).operand());
        else b.addStatement("$T s = $L", t.type(), t.literal(0).code());
        b.beginControlFlow("for (int i3 = $T.max(r, 0); i3 < $T.min(r + $L, $L); i3++)", Math.class, Math.class, a.kh(), h);
        b.beginControlFlow("for (int i4 = $T.max(q, 0); i4 < $T.min(q + $L, $L); i4++)", Math.class, Math.class, a.kw(), wd);
        CodeBlock xAt = CodeBlock.of("(i0 * $L + i3) * $L + i4", h, wd);
        if (back) b.addStatement("$N[$L] += g", out, xAt);
        else b.addStatement("s += $L", storage.element(n.input(0), xAt).code());
        b.endControlFlow().endControlFlow();
        if (!back) b.addStatement("$N[$L] = s / denom", out, at);
        b.endControlFlow().endControlFlow().endControlFlow();
        return b.build();
    }
}
