"""Version vectors: which changes a value has seen, counted per laptop (never by clock).

A vector maps a replica id to the number of that replica's change file that last touched
the value. ``a <= b`` when ``b`` has seen everything ``a`` has; two vectors neither of which
has seen the other are concurrent — the same field changed on two laptops since their
common version, a conflict unless both chose the same value.
"""

from __future__ import annotations

from enum import Enum

Vector = dict[str, int]


class Order(Enum):
    SAME = "same"
    OLDER = "older"  # the first has been seen by the second
    NEWER = "newer"  # the first has seen the second
    CONCURRENT = "concurrent"


def covers(big: Vector, small: Vector) -> bool:
    """True when ``big`` has seen every change ``small`` has."""
    return all(big.get(replica, 0) >= n for replica, n in small.items())


def compare(a: Vector, b: Vector) -> Order:
    a_in_b, b_in_a = covers(b, a), covers(a, b)
    if a_in_b and b_in_a:
        return Order.SAME
    if a_in_b:
        return Order.OLDER
    if b_in_a:
        return Order.NEWER
    return Order.CONCURRENT


def merge(*vectors: Vector) -> Vector:
    out: Vector = {}
    for vector in vectors:
        for replica, n in vector.items():
            if n > out.get(replica, 0):
                out[replica] = n
    return out


def bump(vector: Vector, replica: str, n: int) -> Vector:
    out = dict(vector)
    out[replica] = n
    return out
