#!/bin/sh
# Writes the seed corpora of the markdown and item targets from the demo's
# content/ and the invalid-input corpus (run from fuzz/; then
# `cargo fuzz cmin` keeps the seeds that add coverage).
#
# The item target puts its input into the plan of tests/fixtures/valid/basic,
# so a demo item's category and reported grades are mapped onto that plan's
# (categories 1 and 1-1, scale A–D): otherwise every seed would stop at
# validation and none would reach the renderer.
set -eu
root=..
mkdir -p corpus/item corpus/markdown
for f in "$root"/content/*/*/*.md; do
    case $f in */_index.md) continue ;; esac
    rel=${f#"$root"/content/}
    sed -e 's/^category = ".*"/category = "1-1"/' \
        -e '/^status = /{s/"○"/"A"/g;s/"△"/"B"/g;s/"×"/"C"/g;s/"-"/"D"/g}' \
        -e '/^status = /{s/"目標達成"/"A"/g;s/"改善"/"B"/g;s/"現状維持"/"C"/g;s/"未達成"/"D"/g;s/"S"/"A"/g}' \
        "$f" >"corpus/item/demo-$(echo "$rel" | tr / -)"
done
for f in "$root"/tests/fixtures/valid/basic/content/testcity/reform/[!_]*.md \
    "$root"/tests/fixtures/invalid/*/site/content/*/*/[!_]*.md; do
    rel=${f#"$root"/tests/fixtures/}
    cp "$f" "corpus/item/fixture-$(echo "$rel" | sed -e 's,/site/content/,-,' -e 's,/,-,g')"
done
# Markdown: a selector byte (heading shift 0), then a body of the demo or a doc.
for f in "$root"/content/*/_index.md "$root"/content/*/*/*.md "$root"/README.md "$root"/docs/*.md; do
    rel=${f#"$root"/}
    out="corpus/markdown/$(echo "$rel" | tr / -)"
    case $rel in
        content/*) body=$(awk 'n >= 2 { print } /^\+\+\+$/ { n++ }' "$f") ;;
        *) body=$(cat "$f") ;;
    esac
    [ -n "$body" ] || continue
    { printf '\000'; printf '%s\n' "$body"; } >"$out"
done
