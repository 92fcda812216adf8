"""doit tasks for this paper folder: `doit list` shows them, `doit build` makes the PDF and HTML."""

# The tasks live in docbuild; `docbuild.tasks.__all__` lists them, and doit finds them here
# by their names.
from docbuild.tasks import *  # noqa: F403
