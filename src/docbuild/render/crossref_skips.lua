--[[
docbuild cross-references, the looks that let a pass skip work (loaded by crossref.lua). pandoc
hands a Lua filter each element it asks for and reads back each list returned, so a walk with
an `Inlines` or `Para` function costs the whole document however little it changes; a walk
with functions for a few rare elements (math, raw TeX, images, citations, notes) costs
little. These looks tell a pass whether a part of the document has work for it; the output
is the same as with the pass run everywhere (docs/performance.md).
]]

local M = {}

-- Whether a list of inlines holds an element of tag `a` or `b`: most lists hold none, and
-- handing back nil (pandoc keeps its own copy) costs far less than a rebuilt list.
function M.holds(inlines, a, b)
  for _, el in ipairs(inlines) do
    local t = el.t
    if t == a or t == b then return true end
  end
  return false
end

-- `blocks` walked one top-level block at a time, in order, each with the filter `choose`
-- gives for it (nil: the block as it is): the costly walks run only on the blocks that need
-- them, and a filter's state still sees the blocks in document order.
function M.each_block(blocks, choose)
  local out = pandoc.Blocks({})
  for _, block in ipairs(blocks) do
    local one = pandoc.Blocks({ block })
    local filter = choose(one)
    out:extend(filter and one:walk(filter) or one)
  end
  return out
end

-- An image whose caption holds `\label{fig:x}` (its paragraph becomes a figure).
function M.has_labelled_image(blocks, take_label, kind_of)
  local found = false
  blocks:walk({ Image = function(img)
    local label = take_label(img.caption)
    if label and kind_of(label) == "fig" then found = true end
  end })
  return found
end

-- Display math, raw TeX, or a listing (its caption is read as Markdown, and may hold math).
function M.may_hold_equations(blocks, kind_of)
  local found = false
  blocks:walk({
    Math = function(m) if m.mathtype == "DisplayMath" then found = true end end,
    RawInline = function() found = true end,
    CodeBlock = function(code) if kind_of(code.identifier) == "lst" then found = true end end,
  })
  return found
end

-- References (a Cite of a figure, table, ...; raw TeX) and math to rewrite: what the
-- reference pass works on. Raw TeX and notes are noted in `seen` for the passes after it.
function M.may_hold_references(blocks, kind_of, seen)
  local found = false
  blocks:walk({
    Cite = function(cite) -- a bibliography citation is citeproc's: no work here
      for _, c in ipairs(cite.citations) do
        if kind_of(c.id) then found = true end
      end
    end,
    RawInline = function() found = true; seen.raw = true end,
    Math = function() found = true end,
    Str = function(str) if str.text:find("@ref(", 1, true) then found = true end end,
    RawBlock = function() seen.raw = true end,
    Note = function() seen.notes = true end,
  })
  return found
end

return M
