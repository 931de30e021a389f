package dev.nnc.api;

import dev.nnc.autodiff.ReverseMode;
import dev.nnc.codegen.Plan;
import dev.nnc.ir.Node;
import dev.nnc.lower.Model;
import dev.nnc.simplify.Simplifier;
import java.util.Map;

/**
 * Everything one compilation produced, pass by pass: what the derivation printer and the
 * tests read. The model's nodes are the simplified forward pass.
 *
 * @param objective       the name of the differentiated scalar, or null when there is none
 * @param gradients       wrt name → simplified gradient node, in the order asked for
 * @param stageNanos      wall time of each stage, in pipeline order
 * @param hoisted         definitions the model reads as inputs, for the caller to compute once per split
 *                        (empty unless {@link Options.DataChoice#hoist} asked for it)
 */
public record Compilation(Model lowered, Simplifier.Result forwardSimplification, Model model,
                          String objective, ReverseMode.Result derivation, Simplifier.Result gradientSimplification,
                          Map<String, Node> gradients, Plan plan, Map<String, dev.nnc.data.SplitData> data,
                          Map<String, Long> stageNanos, java.util.List<dev.nnc.lower.InputHoisting.Hoisted> hoisted) {}
