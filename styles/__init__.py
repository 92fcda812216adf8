"""The journal styles shipped with docbuild, one folder each (docs/styles.md); installed as the
package data `docbuild.styles`, so that a wheel carries them."""
