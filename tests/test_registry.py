import pytest

from xproj_core.errors import XprojError
from xproj_core.registry import Registry


def test_registry_specs():
    reg: Registry[tuple] = Registry("widget")
    reg.register("plain", "no argument", options={"size": "int"})(lambda **kw: ("plain", kw))
    reg.register("file", "takes a path", takes_argument=True, argument_help="PATH")(lambda arg, **kw: ("file", arg, kw))
    assert reg.create("plain", size=3) == ("plain", {"size": 3})
    assert reg.create("file:a:b.txt") == ("file", "a:b.txt", {})
    assert reg.names() == ["file", "plain"] and "file:x" in reg
    with pytest.raises(XprojError, match=r"\[E010\].*unknown widget 'nope'"):
        reg.create("nope")
    with pytest.raises(XprojError, match="needs an argument"):
        reg.create("file")
    with pytest.raises(XprojError, match="takes no"):
        reg.create("plain:x")


def test_registry_rejects_duplicates():
    reg: Registry[int] = Registry("widget")
    reg.register("a", "")(lambda: 1)
    with pytest.raises(ValueError):
        reg.register("a", "")(lambda: 2)
