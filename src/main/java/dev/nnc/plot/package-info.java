/**
 * The pictures training produces, as PNG files: {@link dev.nnc.plot.Plots#curves curves} of metrics
 * over epochs (drawn with XChart, one chart per metric, combined into one image) and the
 * {@link dev.nnc.plot.Plots#boundary decision boundary} of a two-input classifier (drawn with
 * Java2D: probability heat map, the p = 0.5 contour by marching squares, the data points on top).
 * Everything renders headless and deterministically, and files are replaced atomically.
 */
package dev.nnc.plot;
