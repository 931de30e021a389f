"""Writes the .npy files NumpyFilesTest reads, with NumPy as an independent writer.

Run from this directory: /usr/bin/python3 make_npy.py (NumPy 1.24.2 wrote the committed files).
"""
import numpy as np
from numpy.lib import format as npf


def save(name, a, version=None):
    with open(name, "wb") as f:
        npf.write_array(f, a, version=version)


save("f8_5x2.npy", (np.arange(10, dtype="<f8").reshape(5, 2) * 0.5 - 1.0))
save("f4_be.npy", np.array([1.5, -2.25, 0.1], dtype=">f4"))
save("i4_2x2x3.npy", np.arange(-6, 6, dtype="<i4").reshape(2, 2, 3))
save("u1_images.npy", np.array([[[0, 255], [7, 128]], [[1, 2], [3, 254]]], dtype="u1"))
save("b1.npy", np.array([True, False, True, True]))
save("i8_be.npy", np.array([-(2 ** 40), 0, 2 ** 40 + 1], dtype=">i8"))
save("i2.npy", np.array([-32768, 32767, 5], dtype="<i2"))
save("u2.npy", np.array([0, 65535, 1000], dtype="<u2"))
save("i1.npy", np.array([-128, 127, 0], dtype="i1"))
save("f8_v2.npy", np.array([[1.0, 2.0, 3.0]]), version=(2, 0))
save("f8_v3.npy", np.array([[1.0], [-1.0]]), version=(3, 0))
save("fortran.npy", np.asfortranarray(np.arange(6, dtype="<f8").reshape(2, 3)))
save("scalar.npy", np.array(3.0))
