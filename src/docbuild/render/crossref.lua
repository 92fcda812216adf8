--[[
docbuild cross-references: numbers figures, tables and sections that carry an id
`fig:..`, `tbl:..`, `sec:..`, and turns `@fig:x` / `[@fig:x]` into links "Figure 1".

It runs before --citeproc, so citeproc never sees those ids as citations.
Footnotes get an inline copy (span.footnote-inline) that print CSS floats to the page
foot (WeasyPrint's `float: footnote`); screen CSS hides it and shows the endnotes.
]]

local labels = { fig = "Figure", tbl = "Table", sec = "Section" }
local plural = { fig = "Figures", tbl = "Tables", sec = "Sections" }
local numbers = {}
local counts = { fig = 0, tbl = 0 }
local section = {}

local function kind_of(id)
  local k = id and id:match("^(%a+):")
  if k and labels[k] then return k end
  return nil
end

local function number_header(h)
  if h.classes:includes("unnumbered") then return nil end
  local level = h.level
  for i = #section + 1, level - 1 do section[i] = 0 end
  section[level] = (section[level] or 0) + 1
  for i = level + 1, #section do section[i] = nil end
  local parts = {}
  for i = 1, level do parts[#parts + 1] = tostring(section[i] or 0) end
  local n = table.concat(parts, ".")
  h.attributes["number"] = n
  if kind_of(h.identifier) == "sec" then numbers[h.identifier] = n end
  return h
end

local function prefix_caption(caption, kind, n)
  local label = pandoc.Span({ pandoc.Str(labels[kind] .. "\u{a0}" .. n .. ":") },
    { class = "caption-label" })
  local long = caption.long
  if #long > 0 and (long[1].t == "Plain" or long[1].t == "Para") then
    long[1].content:insert(1, pandoc.Space())
    long[1].content:insert(1, label)
  else
    long:insert(1, pandoc.Plain({ label }))
  end
  caption.long = long
  return caption
end

local function number_block(el, kind)
  if kind_of(el.identifier) ~= kind then return nil end
  counts[kind] = counts[kind] + 1
  local n = tostring(counts[kind])
  numbers[el.identifier] = n
  el.caption = prefix_caption(el.caption, kind, n)
  el.attributes["number"] = n
  return el
end

-- First pass: number everything in document order.
local function collect(doc)
  doc.blocks = doc.blocks:walk({
    Header = number_header,
    Figure = function(el) return number_block(el, "fig") end,
    Table = function(el) return number_block(el, "tbl") end,
  })
  return doc
end

local function link_for(id, prefix_label)
  local kind = kind_of(id)
  local n = numbers[id]
  if not n then
    -- One JSON object a line on stderr: data for the build, not a message to parse back.
    io.stderr:write(pandoc.json.encode({ docbuild = "unknown-cross-reference", id = id }) .. "\n")
    return pandoc.Strong({ pandoc.Str("??" .. id) })
  end
  local text = prefix_label and (labels[kind] .. "\u{a0}" .. n) or n
  return pandoc.Link({ pandoc.Str(text) }, "#" .. id, "", { class = "cross-ref" })
end

-- Second pass: replace cross-reference citations; leave real citations alone.
local function resolve(cite)
  local all_refs = true
  for _, c in ipairs(cite.citations) do
    if not kind_of(c.id) then all_refs = false end
  end
  if not all_refs then return nil end
  local out = pandoc.Inlines({})
  local first_kind = kind_of(cite.citations[1].id)
  local same = true
  for _, c in ipairs(cite.citations) do
    if kind_of(c.id) ~= first_kind then same = false end
  end
  if same and #cite.citations > 1 then
    out:insert(pandoc.Str(plural[first_kind] .. "\u{a0}"))
    for i, c in ipairs(cite.citations) do
      if i > 1 then
        out:insert(pandoc.Str(i == #cite.citations and " and " or ", "))
      end
      out:insert(link_for(c.id, false))
    end
  else
    for i, c in ipairs(cite.citations) do
      if i > 1 then out:insert(pandoc.Str(", ")) end
      out:extend(c.prefix)
      out:insert(link_for(c.id, true))
      out:extend(c.suffix)
    end
  end
  return out
end

local function footnote(note)
  local inlines = pandoc.utils.blocks_to_inlines(note.content, { pandoc.Space() })
  local copy = pandoc.Span(inlines, { class = "footnote-inline" })
  return { note, copy }
end

function Pandoc(doc)
  doc = collect(doc)
  doc.blocks = doc.blocks:walk({ Cite = resolve })
  doc.blocks = doc.blocks:walk({ Note = footnote })
  return doc
end
