"""WeasyPrint imported without its library probe is the same WeasyPrint, and probes nothing."""

from __future__ import annotations

import subprocess
import sys

CHILD = """
import ctypes.util, subprocess
spawned = []
real = subprocess.Popen.__init__
def counting(self, *a, **k):
    spawned.append(a[0] if a else k.get("args"))
    real(self, *a, **k)
subprocess.Popen.__init__ = counting
from docbuild.render.weasyload import import_weasyprint
weasyprint = import_weasyprint()
assert ctypes.util.find_library.__name__ == "find_library", "the probe was not put back"
pdf = weasyprint.HTML(string="<p>Hello</p>").write_pdf()
print(len(spawned), pdf[:5].decode(), sep="\\n")
"""


def test_the_import_spawns_no_process_and_renders() -> None:
    out = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["0", "%PDF-"]


def test_a_plain_import_does_spawn_the_probe() -> None:
    """The count above can fail: a plain `import weasyprint` runs ldconfig, gcc and ld."""
    child = CHILD.replace(
        "from docbuild.render.weasyload import import_weasyprint\nweasyprint = import_weasyprint()",
        "import weasyprint",
    )
    out = subprocess.run(
        [sys.executable, "-c", child], capture_output=True, text=True, check=True
    ).stdout.split()
    assert int(out[0]) > 0
