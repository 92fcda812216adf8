"""The package comes from src/, the journal styles from the top-level styles/ folder (where a
paper folder keeps its own); the wheel carries them as docbuild/styles. Everything else is in
pyproject.toml."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages("src"), "docbuild.styles"],
    package_dir={"": "src", "docbuild.styles": "styles"},
)
