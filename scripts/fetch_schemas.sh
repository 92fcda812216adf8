#!/usr/bin/env bash
# The official schemas the tests validate JATS and Crossref output against, from package
# registries (nothing is downloaded while the tests run):
#   JATS 1.3 Journal Publishing DTD (with MathML 3): npm package @jats4r/dtds, schema/1.3/
#   Crossref deposit schema 5.3.1 (XSD):             PyPI package commonmeta-py 0.100,
#                                                    commonmeta/resources/crossref/
#   the W3C modules it imports (xml, xlink, MathML 3): commonmeta-py 0.312,
#                                                    .../crossref/standard-modules/
# Both are pinned by version and SHA-256; the files land in .schemas/ (not committed).
# Usage: bash scripts/fetch_schemas.sh   (CI runs it; run it once after setting up)
set -euo pipefail
cd "$(dirname "$0")/.."
DEST=.schemas
JATS_SHA=300be5ca79352794c2508cb46db9259abfe69d127a3a4c51c81816b5949d20dc
CROSSREF_PKG="commonmeta-py==0.100"
CROSSREF_SHA=c96c98bef97ea10dd84d444ac1507b6e5c6add646a5e758a7dbc5e8c037039eb
MODULES_PKG="commonmeta-py==0.312"
MODULES_SHA=a62cc3010bdc69aca87d325a5bf6f51b3f7fa59fce8913dab5afafcff061d99e

if [ -f "$DEST/jats-1.3/JATS-journalpublishing1-3-mathml3.dtd" ] && [ -f "$DEST/crossref-5.3.1/crossref5.3.1.xsd" ]; then
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The npm registry's tarball, fetched by Python: a fresh Debian has python3 but no npm or curl.
python3 -c 'import sys, urllib.request; open(sys.argv[2], "wb").write(urllib.request.urlopen(sys.argv[1], timeout=60).read())' \
    "https://registry.npmjs.org/@jats4r/dtds/-/dtds-0.0.10.tgz" "$tmp/jats4r-dtds-0.0.10.tgz"
echo "$JATS_SHA  $tmp/jats4r-dtds-0.0.10.tgz" | sha256sum -c --quiet
mkdir -p "$tmp/jats" && tar xzf "$tmp/jats4r-dtds-0.0.10.tgz" -C "$tmp/jats"

PIP=${PIP:-.venv/bin/pip}
"$PIP" download -q --no-deps --dest "$tmp" "$CROSSREF_PKG"
"$PIP" download -q --no-deps --dest "$tmp" "$MODULES_PKG"
echo "$CROSSREF_SHA  $tmp/commonmeta_py-0.100-py3-none-any.whl" | sha256sum -c --quiet
echo "$MODULES_SHA  $tmp/commonmeta_py-0.312-py3-none-any.whl" | sha256sum -c --quiet
python3 -m zipfile -e "$tmp/commonmeta_py-0.100-py3-none-any.whl" "$tmp/crossref"
python3 -m zipfile -e "$tmp/commonmeta_py-0.312-py3-none-any.whl" "$tmp/modules"

rm -rf "$DEST.new" && mkdir -p "$DEST.new"
cp -r "$tmp/jats/package/schema/1.3" "$DEST.new/jats-1.3"
cp -r "$tmp/crossref/commonmeta/resources/crossref" "$DEST.new/crossref-5.3.1"
cp -r "$tmp/modules/commonmeta/resources/crossref/standard-modules" "$DEST.new/crossref-5.3.1/"
rm -rf "$DEST" && mv "$DEST.new" "$DEST"
echo "schemas in $DEST/: jats-1.3 (JATS Publishing 1.3 DTD), crossref-5.3.1 (Crossref XSD)"
