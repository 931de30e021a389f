package dev.nnc.ast;

import dev.nnc.diag.Source;
import java.util.List;

/** A parsed `.nn` file: its statements in source order. */
public record Program(Source source, List<Stmt> statements) {}
