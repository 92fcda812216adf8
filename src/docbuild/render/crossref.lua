--[[
docbuild cross-references: numbers the figures, tables, sections, equations and listings that
carry an id, and turns references to them into links, in the three spellings authors use:
pandoc-crossref (`{#fig:x}`, `@fig:x`, `[@fig:a; @fig:b]`), Quarto (`{#fig-x}`, `::: {#fig-x}`
divs, `@fig-x`) and LaTeX as JOSS papers write it (`\label{fig:x}` in a caption,
`\autoref{fig:x}`, `\ref{fig:x}`, `\eqref{eq:x}`).

The words come from pandoc-crossref's settings (`figureTitle`, `figPrefix`, `chapters`, ...,
in the front matter or the settings file the build puts in `docbuild-crossref`) or Quarto's
`crossref:` map. A reference that follows its own word ("Figure @fig:x") prints only the
number. Equations are in crossref_equations.lua, references in crossref_references.lua,
code chunks in crossref_chunks.lua, the rest of the raw LaTeX in crossref_latex.lua; what
lets a pass skip the parts with no work for it (the filter's cost) in crossref_skips.lua.

It runs before --citeproc, so citeproc never sees those ids as citations.
Footnotes get an inline copy (span.footnote-inline) that print CSS floats to the page
foot (WeasyPrint's `float: footnote`); screen CSS hides it and shows the endnotes.
]]

local here = pandoc.path.directory(PANDOC_SCRIPT_FILE)
local equations = dofile(pandoc.path.join({ here, "crossref_equations.lua" }))
local chunks = dofile(pandoc.path.join({ here, "crossref_chunks.lua" }))
local references = dofile(pandoc.path.join({ here, "crossref_references.lua" }))
local latex = dofile(pandoc.path.join({ here, "crossref_latex.lua" }))
local skips = dofile(pandoc.path.join({ here, "crossref_skips.lua" }))
local theorems = dofile(pandoc.path.join({ here, "crossref_theorems.lua" }))

local words = dofile(pandoc.path.join({ here, "crossref_words.lua" }))
local settings = words.settings
for _, k in ipairs(theorems.KINDS) do words.add_kind(k[1], k[2], k[4]) end

-- LaTeX's usual prefixes, as JOSS papers label their floats.
local LATEX_KINDS = { fig = "fig", tab = "tbl", tbl = "tbl", sec = "sec", eq = "eq",
  eqn = "eq", lst = "lst", chap = "sec", app = "sec" }

local state = { numbers = {}, counts = { fig = 0, tbl = 0, eq = 0, lst = 0 }, chapter = "",
  holds = skips.holds }
for kind in pairs(theorems.WORDS) do state.counts[kind] = 0 end
local section = {}

function state.kind_of(id)
  if not id then return nil end
  local k = id:match("^(%a+):")
  if k then return LATEX_KINDS[k:lower()] end
  k = id:match("^(%a+)%-")
  if k == "fig" or k == "tbl" or k == "sec" or k == "eq" or k == "lst" then return k end
  if theorems.WORDS[k] then return k end -- Quarto's `thm-x`, `lem-x`, ... (not `thm:x`)
  return nil
end

-- LaTeX labels with no prefix, `\label{gillespie}` in a caption or an equation (rticles and
-- LaTeX habit), by the kind of what carries them: `\ref{gillespie}` finds them. Only raw
-- LaTeX references look them up: `@gillespie` stays a citation.
-- Each is also kept among the numbers, under BARE .. label, so that a chapter filtered on its
-- own (render/chapters.py: the numbers of the whole document given) knows the others' kinds.
state.bare = {}
local BARE = "\u{1}kind:"

-- `label` as the id of a `kind`: its own prefix's kind, or a bare label claimed for it.
function state.claim(label, kind)
  if not label then return nil end
  local own = state.kind_of(label)
  if own == nil and (state.bare[label] == nil or state.bare[label] == kind) then
    state.bare[label] = kind
    state.numbers[BARE .. label] = kind
    return label
  end
  return own == kind and label or nil
end

-- (looked up among the numbers only, so that a chapter's run notes the look-up, in one run
-- over every chapter as in a run of its own)
function state.latex_kind(id) return state.kind_of(id) or state.numbers[BARE .. id] end

local function roman(n)
  local out = ""
  for _, pair in ipairs({ { 1000, "M" }, { 900, "CM" }, { 500, "D" }, { 400, "CD" },
    { 100, "C" }, { 90, "XC" }, { 50, "L" }, { 40, "XL" }, { 10, "X" }, { 9, "IX" },
    { 5, "V" }, { 4, "IV" }, { 1, "I" } }) do
    while n >= pair[1] do out = out .. pair[2]; n = n - pair[1] end
  end
  return out
end

-- A section's number in the style's numbering: "2.1", or "II-A" as IEEEtran prints it.
local function section_number(levels)
  if settings.numbering.sec ~= "upper-roman" then
    local parts = {}
    for i = 1, #levels do parts[i] = tostring(levels[i]) end
    return table.concat(parts, ".")
  end
  local n = roman(levels[1])
  if levels[2] then n = n .. "-" .. string.char(64 + math.min(levels[2], 26)) end
  for i = 3, #levels do n = n .. tostring(levels[i]) end
  return n
end

-- The next number of a kind: "3", or "2.3" when figures are numbered by chapter.
function state.next_number(kind)
  state.counts[kind] = state.counts[kind] + 1
  local n = tostring(state.counts[kind])
  if settings.numbering[kind] == "upper-roman" then n = roman(state.counts[kind]) end
  if settings.chapters and state.chapter ~= "" then return state.chapter .. "." .. n end
  return n
end

local function report(id, form)
  -- One JSON object a line on stderr: data for the build, not a message to parse back.
  io.stderr:write(pandoc.json.encode({ docbuild = "unknown-cross-reference", id = id,
    form = form }) .. "\n")
end

-- Numbering ----------------------------------------------------------------------------

-- `\label{fig:x}` in a caption (JOSS): taken out, and its id returned.
local function take_label(inlines)
  local label = nil
  local out = pandoc.Inlines({})
  for _, el in ipairs(inlines) do
    local found = el.t == "RawInline" and el.text:match("^\\label%s*{([^}]+)}$")
    if found then label = found else out:insert(el) end
  end
  while #out > 0 and (out[#out].t == "Space" or out[#out].t == "SoftBreak") do out:remove() end
  return label, out
end

local function number_header(h)
  local label, rest = take_label(h.content) -- `# Methods \label{sec:methods}` (LaTeX habit)
  if label then
    h.identifier = state.claim(label, "sec") or label
    h.content = rest
  elseif h.identifier ~= "" then
    state.claim(h.identifier, "sec") -- bookdown's `\@ref(methods)`, LaTeX's `\ref{methods}`
  end
  if h.classes:includes("unnumbered") then return h end
  local level = h.level
  for i = #section + 1, level - 1 do section[i] = 0 end
  section[level] = (section[level] or 0) + 1
  for i = level + 1, #section do section[i] = nil end
  local parts = {}
  for i = 1, level do parts[#parts + 1] = section[i] or 0 end
  local n = section_number(parts)
  h.attributes["number"] = n
  if level <= settings.chapters_depth then
    state.chapter = n
    if settings.chapters then
      for kind in pairs(state.counts) do state.counts[kind] = 0 end
    end
  end
  if settings.numbering.sec == "title" then -- a journal without section numbers names it
    n = "\u{201c}" .. pandoc.utils.stringify(h.content) .. "\u{201d}"
  end
  if state.latex_kind(h.identifier) == "sec" then state.numbers[h.identifier] = n end
  return h
end

local function caption_label(kind, n)
  local title = settings.title[kind] or ""
  local text = (title ~= "" and (title .. "\u{a0}") or "") .. n .. settings.delim
  local pattern = settings.caption[kind]
  if pattern then text = pattern:gsub(" {n}", "\u{a0}{n}"):gsub("{n}", function() return n end) end
  return pandoc.Span({ pandoc.Str(text) }, { class = "caption-label" })
end

local function prefix_caption(caption, label)
  local long = caption.long
  if #long > 0 and (long[1].t == "Plain" or long[1].t == "Para") then
    if #long[1].content > 0 then long[1].content:insert(1, pandoc.Space()) end
    long[1].content:insert(1, label)
  else
    long:insert(1, pandoc.Plain({ label }))
  end
  caption.long = long
  return caption
end

local function caption_id(el)
  local long = el.caption.long
  if #long == 0 or (long[1].t ~= "Plain" and long[1].t ~= "Para") then return nil end
  local label, rest = take_label(long[1].content)
  if label then long[1].content = rest end
  return label
end

local function number_block(el, kind)
  if el.identifier == "" then
    local label = caption_id(el)
    if state.claim(label, kind) then el.identifier = label end
  end
  if state.latex_kind(el.identifier) ~= kind then return nil end
  local n = state.next_number(kind)
  state.numbers[el.identifier] = n
  el.caption = prefix_caption(el.caption, caption_label(kind, n))
  el.attributes["number"] = n
  return el
end

local function number_figure(el)
  -- the image's alt text is pandoc's copy of the caption: no \label in it either
  el.content = el.content:walk({ Image = function(img)
    local _, alt = take_label(img.caption)
    img.caption = alt
    return img
  end })
  local numbered = number_block(el, "fig")
  if not numbered then return nil end
  -- subfigures (Quarto's and pandoc-crossref's figures inside a figure): 1a, 1b, ...
  local letter = 0
  numbered.content = numbered.content:walk({ Figure = function(sub)
    if state.kind_of(sub.identifier) ~= "fig" then return nil end
    letter = letter + 1
    local mark = string.char(96 + ((letter - 1) % 26) + 1)
    state.numbers[sub.identifier] = numbered.attributes["number"] .. mark
    local label = pandoc.Span({ pandoc.Str("(" .. mark .. ")") }, { class = "caption-label" })
    sub.caption = prefix_caption(sub.caption, label)
    return sub
  end })
  return numbered, false
end

-- Quarto's `::: {#fig-x}` (the last paragraph is the caption) and `::: {#tbl-x}` around a
-- table: made into the Figure or the Table, which are numbered as any other.
local function quarto_div(div)
  local kind = state.kind_of(div.identifier)
  if kind ~= "fig" and kind ~= "tbl" then return nil end
  local blocks = div.content
  local caption = {}
  local last = blocks[#blocks]
  if #blocks > 1 and last.t == "Para" and not pandoc.utils.stringify(last):match("^%s*$")
      and #last.content > 0 and last.content[1].t ~= "Image" then
    caption = { pandoc.Plain(last.content) }
    blocks = pandoc.Blocks({ table.unpack(blocks, 1, #blocks - 1) })
  end
  if kind == "fig" then
    return pandoc.Figure(blocks, caption, { id = div.identifier })
  end
  for i, block in ipairs(blocks) do
    if block.t == "Table" then
      block.identifier = div.identifier
      if #caption > 0 then block.caption = { long = caption } end
      blocks[i] = block
      return blocks
    end
  end
  return nil
end

-- A paragraph whose image carries `\label{fig:x}` (JOSS papers whose figure line runs into
-- the next sentence): the image is taken out of it as a numbered figure.
local function labelled_inline_images(para)
  for i, el in ipairs(para.content) do
    if el.t == "Image" then
      local label, alt = take_label(el.caption)
      if label and state.kind_of(label) == "fig" then
        el.caption = alt
        local before = pandoc.Inlines({ table.unpack(para.content, 1, i - 1) })
        while #before > 0 and (before[#before].t == "Space" or before[#before].t == "SoftBreak") do
          before:remove()
        end
        local after = pandoc.Inlines({ table.unpack(para.content, i + 1) })
        while #after > 0 and (after[1].t == "Space" or after[1].t == "SoftBreak") do
          after:remove(1)
        end
        local out = pandoc.Blocks({})
        if #before > 0 then out:insert(pandoc.Para(before)) end
        out:insert(pandoc.Figure({ pandoc.Plain({ el }) }, { pandoc.Plain(alt) }, { id = label }))
        if #after > 0 then out:insert(pandoc.Para(after)) end
        return out
      end
    end
  end
  return nil
end

-- A listing: a code block `{#lst:x caption="..."}` (pandoc-crossref) or
-- `{#lst-x lst-cap="..."}` (Quarto), in a div with its caption above.
local function number_listing(code)
  if state.kind_of(code.identifier) ~= "lst" then return nil end
  local n = state.next_number("lst")
  state.numbers[code.identifier] = n
  local text = code.attributes["caption"] or code.attributes["lst-cap"] or ""
  local id = code.identifier
  code.identifier = ""
  code.attributes["caption"] = nil
  code.attributes["lst-cap"] = nil
  local caption = pandoc.Plain({ caption_label("lst", n) })
  if text ~= "" then
    caption.content:insert(pandoc.Space())
    caption.content:extend(pandoc.utils.blocks_to_inlines(pandoc.read(text, "markdown").blocks))
  end
  return pandoc.Div({ pandoc.Div({ caption }, { class = "listing-caption" }), code },
    { id = id, class = "listing", number = n })
end

local NUMBERING = {
  traverse = "topdown",
  Header = number_header,
  Figure = number_figure,
  Table = function(el) return number_block(el, "tbl") end,
  CodeBlock = number_listing,
  RawBlock = equations.raw_equation,
  Div = theorems.number_div,
}
local NUMBERING_EQUATIONS = { Inlines = equations.number_display_math }
for key, f in pairs(NUMBERING) do NUMBERING_EQUATIONS[key] = f end

-- First pass: number everything in document order (top down: equations are blocks and
-- inlines, and their numbers must follow the text).
local function collect(doc)
  doc.blocks = doc.blocks:walk({ Div = quarto_div,
    Para = skips.has_labelled_image(doc.blocks, take_label, state.kind_of)
      and labelled_inline_images or nil })
  doc.blocks = skips.each_block(doc.blocks, function(one)
    return skips.may_hold_equations(one, state.kind_of) and NUMBERING_EQUATIONS or NUMBERING
  end)
  return doc
end

local RESOLVING = {
  Inlines = references.resolve_inlines,
  Math = function(m)
    local tex = equations.math_text(m.text)
    if m.mathtype == "DisplayMath" then tex = equations.display_rows(tex) end
    if tex == m.text then return nil end
    m.text = tex
    return m
  end,
}

local function footnote(note)
  local inlines = pandoc.utils.blocks_to_inlines(note.content, { pandoc.Space() })
  local copy = pandoc.Span(inlines, { class = "footnote-inline" })
  return { note, copy }
end

-- A chapter filtered on its own (render/chapters.py) gets, in this metadata key, the counters
-- where the chapters before it left them and the numbers the whole document gives; it reports
-- its own counters and numbers, and which numbers it looked up, so that its output is what
-- the run over the whole document gives and can be kept while those stay the same.
local CHAPTER_KEY = "docbuild-crossref-chapter"

local function chapter_start(doc, all)
  local given = all or doc.meta[CHAPTER_KEY]
  if given == nil then return nil end
  doc.meta[CHAPTER_KEY] = nil
  given = pandoc.json.decode(pandoc.utils.stringify(given), false)
  -- JSON numbers arrive as floats: a count of 3.0 would print as "3.0"
  for kind in pairs(state.counts) do
    state.counts[kind] = math.tointeger(given.counts[kind]) or 0
  end
  state.chapter = given.chapter
  section = {}
  for i, n in ipairs(given.section) do section[i] = math.tointeger(n) end
  return given
end

-- After the numbering: what this chapter leaves to the next, then the whole document's
-- numbers in place of its own, each look-up noted. An id the given numbers lack is looked up
-- in its own: given the whole document's, it never is (they hold this chapter's), but given
-- a guess (a cold build's first pass), a reference within the chapter is then right at once.
local function chapter_numbered(given)
  local own = state.numbers
  io.stderr:write(pandoc.json.encode({ docbuild = "crossref-chapter", counts = state.counts,
    chapter = state.chapter, section = section, numbers = own }) .. "\n")
  local whole, looked = given.numbers, {}
  state.numbers = setmetatable({}, { __index = function(_, id)
    local n = whole[id]
    if n == nil then n = own[id] end
    looked[id] = n or false
    return n
  end })
  return looked
end

-- The passes after the numbering, over one chapter's blocks or the whole document's.
local function resolve(blocks)
  local seen = { raw = false, notes = false } -- raw TeX, notes: for the last two passes
  blocks = skips.each_block(blocks, function(one)
    return skips.may_hold_references(one, state.kind_of, seen) and RESOLVING or nil
  end)
  -- what raw TeX is left (not an equation, not a reference): read, dropped, or reported
  -- (what LaTeX pandoc reads there may hold a footnote)
  if seen.raw then
    blocks = blocks:walk({ RawInline = latex.raw_inline, RawBlock = latex.raw_block })
  end
  if seen.notes or seen.raw then blocks = blocks:walk({ Note = footnote }) end
  return blocks
end

-- Every chapter of a cold build in one run (render/chapter_filter.py): the metadata key gives
-- the counters at the start and the number of top-level blocks of each chapter. Each chapter
-- is numbered as it would be alone, from where the one before it left the counters, and
-- reports the same; then, with the numbers of all of them, each is resolved and reports
-- what it looked up. An empty div of the class given goes before each chapter's blocks.
local CHAPTERS_KEY = "docbuild-crossref-chapters"

local function all_chapters(doc, given)
  local parts, at = {}, 1
  for k, size in ipairs(given.sizes) do
    local part = pandoc.Blocks({})
    for i = at, at + math.tointeger(size) - 1 do part:insert(doc.blocks[i]) end
    parts[k], at = part, at + math.tointeger(size)
  end
  local owns = {}
  for k, part in ipairs(parts) do
    state.numbers = {}
    parts[k] = collect(pandoc.Pandoc(chunks.replace(part), doc.meta)).blocks
    owns[k] = state.numbers
    io.stderr:write(pandoc.json.encode({ docbuild = "crossref-chapter", counts = state.counts,
      chapter = state.chapter, section = section, numbers = state.numbers }) .. "\n")
  end
  local whole = {}
  for _, own in ipairs(owns) do
    for id, n in pairs(own) do whole[id] = n end -- later ones win, as in one run
  end
  local out = pandoc.Blocks({})
  for k, part in ipairs(parts) do
    local looked = {}
    state.numbers = setmetatable({}, { __index = function(_, id)
      local n = whole[id]
      looked[id] = n or false
      return n
    end })
    out:insert(pandoc.Div({}, { class = given.mark }))
    out:extend(resolve(part))
    io.stderr:write(pandoc.json.encode({ docbuild = "crossref-looked", ids = looked }) .. "\n")
  end
  doc.blocks = out
  return doc
end

function Pandoc(doc)
  local all = doc.meta[CHAPTERS_KEY]
  if all ~= nil then doc.meta[CHAPTERS_KEY] = nil end
  local given = chapter_start(doc, all)
  words.read(doc.meta)
  chunks.init(doc.meta)
  equations.init(state)
  theorems.init(state, settings)
  references.init(state, settings, report)
  if all ~= nil then return all_chapters(doc, given) end
  doc.blocks = chunks.replace(doc.blocks)
  doc = collect(doc)
  local looked = given and chapter_numbered(given)
  doc.blocks = resolve(doc.blocks)
  if looked then
    io.stderr:write(pandoc.json.encode({ docbuild = "crossref-looked", ids = looked }) .. "\n")
  end
  return doc
end
