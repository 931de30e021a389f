/**
 * Training data for nnc: {@link dev.nnc.data.Sources} reads CSV, NumPy {@code .npy} and MNIST
 * IDX files, the installed Fashion-MNIST set, and generates the seeds' toy sets; each returns a
 * {@link dev.nnc.data.Dataset} of named row-major columns, or throws a
 * {@link dev.nnc.data.DataError} naming the file and row. Depends on nothing else in nnc.
 */
package dev.nnc.data;
