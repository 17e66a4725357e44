from send_desktop.domain.version_vectors import Order, bump, compare, covers, merge


def test_order_of_vectors():
    assert compare({}, {}) is Order.SAME
    assert compare({"a": 1}, {"a": 2}) is Order.OLDER
    assert compare({"a": 2, "b": 1}, {"a": 2}) is Order.NEWER
    assert compare({"a": 2}, {"b": 1}) is Order.CONCURRENT
    assert compare({"a": 1, "b": 2}, {"a": 2, "b": 1}) is Order.CONCURRENT


def test_merge_and_bump():
    assert merge({"a": 1, "b": 3}, {"a": 2}) == {"a": 2, "b": 3}
    assert bump({"a": 1}, "b", 4) == {"a": 1, "b": 4}
    assert covers(merge({"a": 1}, {"b": 1}), {"a": 1}) and not covers({"a": 1}, {"b": 1})
