--[[
docbuild cross-references, the code chunks of a .qmd or .Rmd (loaded by crossref.lua).
docbuild does not run code. The build marks each chunk (class `docbuild-chunk`, its engine
and its `{r ...}` header, hex-coded, as attributes); here a chunk labelled `fig-x` or `tbl-x`
becomes a numbered figure or table whose body says that code makes it, so the references to
it resolve and the numbers are the author's; one with `lst-label: lst-x` is a listing of its
code; every other chunk is left out of the page.
]]

local M = {}

local function unhex(s)
  return (s:gsub("%x%x", function(h) return string.char(tonumber(h, 16)) end))
end

local function unquote(value)
  value = value:gsub("^%s+", ""):gsub("%s+$", "")
  local inner = value:match('^"(.*)"$') or value:match("^'(.*)'$")
  return inner or value
end

-- knitr's header split at its commas, not at those inside a quoted R string
-- (`fig.cap="Panel A, panel B"`); an R string's escapes (`\\label`, `\"`) read as R reads them.
local function header_parts(header)
  local parts, current, quote, i = {}, {}, nil, 1
  while i <= #header do
    local c = header:sub(i, i)
    if quote and c == "\\" then
      current[#current + 1] = header:sub(i + 1, i + 1)
      i = i + 1
    elseif quote then
      if c == quote then quote = nil end
      current[#current + 1] = c
    elseif c == '"' or c == "'" then
      quote = c
      current[#current + 1] = c
    elseif c == "," then
      parts[#parts + 1] = table.concat(current)
      current = {}
    else
      current[#current + 1] = c
    end
    i = i + 1
  end
  parts[#parts + 1] = table.concat(current)
  return parts
end

-- The chunk's options: `#| key: value` lines (Quarto; `# | key: value` as black and ruff
-- write it, which Quarto reads too) and the header's `label, key=value` (knitr), with knitr's
-- `fig.cap` spelled `fig-cap`. A key with no value takes the `- item` lines under it as a list
-- (`fig-subcap:`).
local function options(code)
  local out = {}
  local header = unhex(code.attributes["header"] or "")
  local first = true
  for _, part in ipairs(header_parts(header)) do
    local key, value = part:match("^%s*([%w%.%-_]+)%s*=%s*(.-)%s*$")
    if key then
      out[key:gsub("%.", "-")] = unquote(value)
    elseif first and part:match("%S") then
      out.label = unquote(part)
    end
    first = false
  end
  local list_key = nil -- the last key, while it has no value of its own
  for line in (code.text .. "\n"):gmatch("([^\n]*)\n") do
    local key, value = line:match("^%s*# ?|%s*([%w%.%-_]+)%s*:%s*(.-)%s*$")
    local item = line:match("^%s*# ?|%s+%-%s+(.-)%s*$")
    if key then
      key = key:gsub("%.", "-")
      out[key] = unquote(value)
      list_key = value == "" and key or nil
    elseif item and list_key then
      if type(out[list_key]) ~= "table" then out[list_key] = {} end
      table.insert(out[list_key], unquote(item))
    end
  end
  return out
end

-- The TeX definitions of the front matter (`header-includes`, rticles' `preamble`): pandoc
-- applied them to the text's math as it read it, and a caption read here needs them too.
local definitions = ""

local function caption_inlines(text)
  if type(text) ~= "string" or text == "" or text:match("^!expr") then
    return pandoc.Inlines({})
  end
  local blocks = pandoc.read(definitions .. text, "markdown").blocks
  return pandoc.utils.blocks_to_inlines(blocks:filter(function(b) return b.t ~= "RawBlock" end))
end

local DEFINES = { "\\newcommand", "\\renewcommand", "\\providecommand", "\\def\\",
  "\\DeclareMathOperator" }

function M.init(meta)
  local found = {}
  local function raw(el)
    if el.format:match("tex") then
      for _, d in ipairs(DEFINES) do
        if el.text:find(d, 1, true) then found[#found + 1] = el.text; break end
      end
    end
  end
  local function look(value)
    local kind = pandoc.utils.type(value)
    if kind == "Blocks" or kind == "Inlines" then
      value:walk({ RawBlock = raw, RawInline = raw })
    elseif kind == "List" or kind == "table" then
      for _, v in pairs(value) do look(v) end
    end
  end
  for _, value in pairs(meta) do look(value) end
  definitions = #found > 0 and (table.concat(found, "\n\n") .. "\n\n") or ""
  M.meta = meta
end

-- Quarto's `{{< meta key >}}` (a dotted key goes into maps): the front matter's value as
-- inlines, a list's items joined by commas; nil for a key the front matter does not have.
local function meta_value(key)
  local value = M.meta
  for part in key:gmatch("[^.]+") do
    if type(value) ~= "table" then return nil end
    value = value[part]
  end
  if value == nil then return nil end
  local kind = pandoc.utils.type(value)
  if kind == "Inlines" then return value:clone() end
  if kind == "List" then
    local out = pandoc.Inlines({})
    for i, item in ipairs(value) do
      if i > 1 then out:extend({ pandoc.Str(","), pandoc.Space() }) end
      out:insert(pandoc.Str(pandoc.utils.stringify(item)))
    end
    return out
  end
  if kind == "boolean" then return pandoc.Inlines({ pandoc.Str(tostring(value)) }) end
  return pandoc.Inlines({ pandoc.Str(pandoc.utils.stringify(value)) })
end

local function placeholder(engine, label)
  local note = "made by the " .. engine .. " code chunk '" .. label
    .. "', which docbuild does not run"
  return pandoc.Div({ pandoc.Plain({ pandoc.Emph({ pandoc.Str(note) }) }) },
    { class = "chunk-output-missing" })
end

local function table_placeholder(engine, label, id, caption)
  local body = pandoc.SimpleTable({}, { pandoc.AlignDefault }, { 0 }, {},
    { { { pandoc.Plain({ pandoc.Emph({ pandoc.Str("made by the " .. engine
      .. " code chunk '" .. label .. "', which docbuild does not run") }) }) } } })
  local tbl = pandoc.utils.from_simple_table(body)
  tbl.identifier = id
  if caption then tbl.caption = { long = { pandoc.Plain(caption_inlines(caption)) } } end
  return tbl
end

-- Quarto's listing of a chunk's code (`#| lst-label: lst-x`, `#| lst-cap: "..."`): the code
-- itself, which needs no running, as the listing crossref.lua numbers "Listing 1"; the
-- chunk's option lines are Quarto's, not the code's.
local function listing_of(code, id, opts)
  local lines = {}
  for line in (code.text .. "\n"):gmatch("([^\n]*)\n") do
    if not line:match("^%s*# ?|") then lines[#lines + 1] = line end
  end
  while #lines > 0 and lines[1]:match("^%s*$") do table.remove(lines, 1) end
  while #lines > 0 and lines[#lines]:match("^%s*$") do table.remove(lines) end
  local caption = type(opts["lst-cap"]) == "string" and opts["lst-cap"] or nil
  local engine = code.attributes["engine"] or "code"
  return pandoc.CodeBlock(table.concat(lines, "\n"),
    pandoc.Attr(id, { engine }, { ["lst-cap"] = caption }))
end

local function chunk(code)
  if not code.classes:includes("docbuild-chunk") then return nil end
  local engine = code.attributes["engine"] or "code"
  local opts = options(code)
  local label = opts.label or ""
  local kind = label:match("^(%a+)%-")
  local wanted = label ~= "" and M.wanted and M.wanted[label]
  if wanted == "tab" then
    -- bookdown: the text's `\@ref(tab:x)` says that chunk `x` makes a table, whatever its
    -- label (dfoliatR's `{r tbl-defol}` and `\@ref(tab:tbl-defol)`); its caption is the
    -- code's `kable(..., caption = "...")` where that is a string as written
    local _, written = code.text:match("[%s,(]caption%s*=%s*([\"'])(.-)%1")
    return table_placeholder(engine, label, "tab:" .. label, opts["tbl-cap"] or written)
  end
  if wanted == "fig" or (kind ~= "fig" and kind ~= "tbl" and type(opts["fig-cap"]) == "string"
      and opts["fig-cap"] ~= "") then
    -- R Markdown: a chunk with `fig.cap` makes a figure whatever its label, `fig:<label>` in
    -- bookdown's ids (an unlabelled one is knitr's `unnamed-chunk`: numbered all the same)
    local id = label ~= "" and ("fig:" .. label) or ""
    local caption = caption_inlines(opts["fig-cap"])
    for _, el in ipairs(caption) do
      -- `\label{x}` in the caption (the LaTeX habit, as the text's `\ref{x}` names it):
      -- crossref.lua takes it as the figure's id
      if el.t == "RawInline" and el.text:match("^\\label%s*{") then id = "" end
    end
    return pandoc.Figure({ placeholder(engine, label ~= "" and label or "unnamed") },
      { pandoc.Plain(caption) }, { id = id })
  end
  if kind == "fig" then
    local body = { placeholder(engine, label) }
    -- `fig-subcap` makes subfigures `label-1`, `label-2`, ... (Quarto's ids), lettered by
    -- crossref.lua, so `@fig-x-2` resolves to the author's "1b"
    if type(opts["fig-subcap"]) == "table" and #opts["fig-subcap"] > 0 then
      body = {}
      for i, sub in ipairs(opts["fig-subcap"]) do
        body[i] = pandoc.Figure({ placeholder(engine, label) },
          { pandoc.Plain(caption_inlines(sub)) }, { id = label .. "-" .. i })
      end
    end
    return pandoc.Figure(body, { pandoc.Plain(caption_inlines(opts["fig-cap"])) }, { id = label })
  end
  if kind == "tbl" then return table_placeholder(engine, label, label, opts["tbl-cap"]) end
  local listing = opts["lst-label"] or (kind == "lst" and label) or nil
  if type(listing) == "string" and listing:match("^lst%-") then
    return listing_of(code, listing, opts)
  end
  return {}
end

-- `{{< embed notebook.ipynb#fig-x >}}` (Quarto's shortcode): the notebook's figure,
-- which docbuild does not make either, stands as a numbered placeholder.
local function embed(para)
  local text = pandoc.utils.stringify(para)
  local source, label = text:match("^{{<%s*embed%s+([^#%s]+)#(%S+)%s*>}}$")
  if not label then return nil end
  local kind = label:match("^(%a+)%-")
  if kind ~= "fig" and kind ~= "tbl" then return {} end
  local note = pandoc.Div({ pandoc.Plain({ pandoc.Emph({ pandoc.Str("made by " .. source
    .. ", which docbuild does not run") }) }) }, { class = "chunk-output-missing" })
  return pandoc.Figure({ note }, {}, { id = label })
end

-- `{{< meta key >}}` is the front matter's value; any other shortcode (`{{< words-sum
-- body-ref >}}`) is Quarto's to expand: left out.
local function shortcodes(inlines)
  local any = false -- looked at once; a list with no shortcode is left alone
  for _, el in ipairs(inlines) do
    if el.t == "Str" and el.text:match("^{{<") then
      any = true
      break
    end
  end
  if not any then return nil end
  local out, depth, changed = pandoc.Inlines({}), 0, false
  local held = pandoc.Inlines({}) -- the shortcode's own words, read once it closes
  for _, el in ipairs(inlines) do
    if el.t == "Str" and el.text:match("^{{<") then depth = depth + 1 end
    if depth == 0 then out:insert(el) else changed = true; held:insert(el) end
    if el.t == "Str" and el.text:match(">}}$") and depth > 0 then
      depth = depth - 1
      if depth == 0 then
        local key = pandoc.utils.stringify(held):match("^{{<%s*meta%s+([%w%-_.]+)%s*>}}$")
        local value = key and meta_value(key)
        if value then out:extend(value) end
        held = pandoc.Inlines({})
      end
    end
  end
  if not changed then return nil end
  while #out > 0 and out[#out].t == "Space" do out:remove() end
  return out
end

-- Whether any text of `blocks` holds "{{<". Each walk over every list of inlines costs the
-- whole filter's time again on a paper; this costs a stringify (notes and citations' own
-- words, which stringify leaves out, are looked at on their own).
local function has_shortcode(blocks)
  local found = pandoc.utils.stringify(blocks):find("{{<", 1, true) ~= nil
  local function look(inlines)
    if pandoc.utils.stringify(inlines):find("{{<", 1, true) then found = true end
  end
  if not found then
    blocks:walk({
      Note = function(note) look(note.content) end,
      Cite = function(cite)
        for _, c in ipairs(cite.citations) do look(c.prefix); look(c.suffix) end
      end,
    })
  end
  return found
end

-- Quarto's `::: {#fig-x}` around an unlabelled chunk (a mermaid diagram) and its caption:
-- the chunk stands as the figure's placeholder, so the div keeps a body and its caption.
local function figure_div(div)
  local kind = div.identifier:match("^(%a+)%-")
  if kind ~= "fig" and kind ~= "tbl" then return nil end
  div.content = div.content:walk({ CodeBlock = function(code)
    if not code.classes:includes("docbuild-chunk") then return nil end
    local label = options(code).label or ""
    if label:match("^fig%-") or label:match("^tbl%-") then return nil end
    return placeholder(code.attributes["engine"] or "code", div.identifier)
  end })
  return div
end

-- bookdown's references to chunks, `\@ref(tab:reproTab)` and `\@ref(fig:x)` (the id is the
-- chunk's label after the kind): read from the text once, where a chunk is (`M.wanted`).
local function bookdown_ids(blocks)
  local wanted = {}
  local text = pandoc.utils.stringify(blocks)
  for kind, label in text:gmatch("@ref%((%a+):([^()%s]+)%)") do wanted[label] = kind end
  return wanted
end

-- bookdown's text references: a paragraph `(ref:name) Words...` at the top level names the
-- words, and `(ref:name)` elsewhere stands for them (most often a chunk's
-- `fig.cap='(ref:name)'`, where Markdown cannot be written); the paragraph is not printed.
-- Each printed "(ref:defolCap)" as its caption and the words as a paragraph of their own.
local function text_references(blocks)
  local texts, kept = {}, pandoc.Blocks({})
  for _, block in ipairs(blocks) do
    local first, second = block.content and block.content[1], block.content and block.content[2]
    local name = block.t == "Para" and first and first.t == "Str"
      and first.text:match("^%(ref:([%w%-_.:]+)%)$")
    if name and second and (second.t == "Space" or second.t == "SoftBreak") then
      texts[name] = pandoc.Inlines({ table.unpack(block.content, 3) })
    else
      kept:insert(block)
    end
  end
  if next(texts) == nil then return blocks end
  return kept:walk({ Inlines = function(inlines)
    local out, changed = pandoc.Inlines({}), false
    for _, el in ipairs(inlines) do
      local name, after = nil, nil
      if el.t == "Str" then name, after = el.text:match("^%(ref:([%w%-_.:]+)%)(%p*)$") end
      if name and texts[name] then
        out:extend(texts[name]:clone())
        if after ~= "" then out:insert(pandoc.Str(after)) end
        changed = true
      else
        out:insert(el)
      end
    end
    return changed and out or nil
  end })
end

function M.replace(blocks)
  -- an `embed` paragraph's text holds "{{<" too; chunks add none
  local shortcode = has_shortcode(blocks)
  M.wanted = {}
  blocks:walk({ CodeBlock = function(code)
    if code.classes:includes("docbuild-chunk") and next(M.wanted) == nil then
      M.wanted = bookdown_ids(blocks)
      M.wanted[false] = true -- looked: no second read for the next chunk
    end
  end })
  blocks = blocks:walk({ Div = figure_div })
  blocks = blocks:walk({ CodeBlock = chunk, Para = shortcode and embed or nil })
  blocks = text_references(blocks)
  if not shortcode then return blocks end
  return blocks:walk({ Inlines = shortcodes })
end

return M
