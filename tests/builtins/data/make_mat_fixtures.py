#!/usr/bin/env python3
"""Writes the MAT-file fixtures of tests/builtins/matfile_test.cpp (run from anywhere; the files
land next to this script). Two kinds:

* scipy_v6.mat / scipy_v7.mat: written by SciPy's savemat (uncompressed / zlib-compressed), a
  second implementation of the format.
* matlab_style.mat / big_endian.mat: built byte by byte after the MAT-File Format spec, with the
  choices MATLAB makes that SciPy does not: a double array stored as miUINT8, a char array as
  miUTF8, a sparse matrix, a function handle (which RunMat skips), big-endian byte order.
"""
import os
import struct

import numpy as np
import scipy.io

HERE = os.path.dirname(os.path.abspath(__file__))


def scipy_fixtures():
    st = {"x": 1.0, "y": "ab"}
    sa = np.zeros((1, 2), dtype=[("k", object)])
    sa[0, 0]["k"] = 10.0
    sa[0, 1]["k"] = "v"
    cell = np.empty((2, 2), dtype=object)
    cell[0, 0] = 1.0
    cell[1, 0] = np.array([[1.0, 2.0, 3.0]])
    cell[0, 1] = "two"
    cell[1, 1] = np.array([[True, False]])
    data = {
        "a": np.array([[1.0, 2.0], [3.0, 4.0]]),
        "s": "hello",
        "i8": np.array([[-5, 7]], dtype=np.int8),
        "u64": np.array([[2**60 + 1]], dtype=np.uint64),
        "lg": np.array([[True, False, True]]),
        "z": np.array([[1 + 2j, 3 - 4j]]),
        "f32": np.array([[0.5, -1.25]], dtype=np.float32),
        "nd": np.arange(1.0, 13.0).reshape((2, 3, 2), order="F"),
        "e": np.zeros((0, 0)),
        "c": cell,
        "st": st,
        "sa": sa,
    }
    scipy.io.savemat(os.path.join(HERE, "scipy_v6.mat"), data, do_compression=False)
    scipy.io.savemat(os.path.join(HERE, "scipy_v7.mat"), data, do_compression=True)


def element(fmt, mi, data):
    """A data element: small format when it fits in 4 bytes, else tag + data padded to 8."""
    if len(data) <= 4:
        return struct.pack(fmt + "HH", mi, len(data)) + data.ljust(4, b"\0") if fmt == "<" \
            else struct.pack(fmt + "HH", len(data), mi) + data.ljust(4, b"\0")
    pad = (8 - len(data) % 8) % 8
    return struct.pack(fmt + "II", mi, len(data)) + data + b"\0" * pad


def matrix(fmt, mx, dims, name, parts, flags=0, nzmax=0):
    body = element(fmt, 6, struct.pack(fmt + "II", mx | flags, nzmax))
    body += element(fmt, 5, struct.pack(fmt + "%di" % len(dims), *dims))
    body += element(fmt, 1, name.encode())
    for p in parts:
        body += p
    return struct.pack(fmt + "II", 14, len(body)) + body


def header(fmt):
    text = b"MATLAB 5.0 MAT-file, Platform: GLNXA64, Created on: fixture".ljust(116, b" ")
    return text + b"\0" * 8 + struct.pack(fmt + "H", 0x0100) + (b"IM" if fmt == "<" else b"MI")


def matlab_style():
    f = "<"
    out = header(f)
    # d = [1 2 3; 4 5 250] (double) stored as miUINT8, as MATLAB does for small integers.
    out += matrix(f, 6, [2, 3], "d", [element(f, 2, bytes([1, 4, 2, 5, 3, 250]))])
    # t = 'héllo' (char) stored as miUTF8.
    out += matrix(f, 4, [1, 5], "t", [element(f, 16, "héllo".encode("utf-8"))])
    # sp = sparse 3x2 with sp(1,1)=7, sp(3,2)=-1.
    ir = element(f, 5, struct.pack("<2i", 0, 2))
    jc = element(f, 5, struct.pack("<3i", 0, 1, 2))
    pr = element(f, 9, struct.pack("<2d", 7.0, -1.0))
    out += matrix(f, 5, [3, 2], "sp", [ir, jc, pr], nzmax=2)
    # h = a function handle (MATLAB nests a struct of its workspace; RunMat skips the handle
    # with a warning and does not read the contents).
    fields = element(f, 5, struct.pack("<i", 32)) + element(f, 1, b"")
    out += matrix(f, 16, [1, 1], "h", [matrix(f, 2, [1, 1], "", [fields])])
    # n = int16(-300) after the handle, so skipping must not lose the rest of the file.
    out += matrix(f, 10, [1, 1], "n", [element(f, 3, struct.pack("<h", -300))])
    with open(os.path.join(HERE, "matlab_style.mat"), "wb") as fh:
        fh.write(out)


def big_endian():
    f = ">"
    out = header(f)
    out += matrix(f, 6, [2, 2], "b", [element(f, 9, struct.pack(">4d", 1.5, 2.5, -3.0, 4.0))])
    out += matrix(f, 4, [1, 2], "w", [element(f, 4, struct.pack(">2H", ord("o"), ord("k")))])
    with open(os.path.join(HERE, "big_endian.mat"), "wb") as fh:
        fh.write(out)


if __name__ == "__main__":
    scipy_fixtures()
    matlab_style()
    big_endian()
