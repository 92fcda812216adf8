--[[
docbuild cross-references: numbers figures, tables and sections that carry an id
`fig:..`, `tbl:..`, `sec:..`, and turns `@fig:x` / `[@fig:x]` into links "Figure 1".

Equations: `$$ ... $$ {#eq:x}` (pandoc-crossref) or `{#eq-x}` (Quarto) is numbered "(1)"
at its right, and `@eq:x` / `@eq-x` prints "(1)", linked. A raw LaTeX environment
(`\begin{equation}\label{eq:x} ... \end{equation}`, as JOSS papers write them; align,
gather, multline, eqnarray too) becomes display math, numbered unless starred, and
`\eqref{eq:x}`, `\ref{eq:x}`, `\autoref{eq:x}` print "(1)", "1", "Equation 1".

It runs before --citeproc, so citeproc never sees those ids as citations.
Footnotes get an inline copy (span.footnote-inline) that print CSS floats to the page
foot (WeasyPrint's `float: footnote`); screen CSS hides it and shows the endnotes.
]]

local labels = { fig = "Figure", tbl = "Table", sec = "Section", eq = "Equation" }
local plural = { fig = "Figures", tbl = "Tables", sec = "Sections", eq = "Equations" }
local numbers = {}
local counts = { fig = 0, tbl = 0, eq = 0 }
local section = {}

local function kind_of(id)
  local k = id and id:match("^(%a+):")
  if k and labels[k] then return k end
  if id and id:match("^eq%-") then return "eq" end -- Quarto's spelling
  return nil
end

-- Equations ---------------------------------------------------------------

local MATH_ENVIRONMENTS = { equation = true, align = true, gather = true, multline = true,
  eqnarray = true, displaymath = false }

-- texmath sets \mathbf{x} bold italic; LaTeX sets it bold upright: write the letters as
-- the Unicode bold ones, which both editions print upright.
local function upright_bold(tex)
  return (tex:gsub("\\mathbf%s*(%b{})", function(group)
    local inner = group:sub(2, -2)
    if not inner:match("^[A-Za-z]+$") then return nil end
    return (inner:gsub("%a", function(c)
      local b = c:byte()
      if b >= 65 and b <= 90 then return utf8.char(0x1D400 + b - 65) end
      return utf8.char(0x1D41A + b - 97)
    end))
  end))
end

-- \label{x}, \tag{t}, \nonumber: taken out of the TeX (texmath does not read them at the
-- top of an expression); returns the TeX, the label, the tag and whether to number.
local function equation_marks(tex)
  local label = tex:match("\\label%s*{([^}]*)}")
  local tag = tex:match("\\tag%*?%s*{([^}]*)}")
  local unnumbered = tex:match("\\nonumber") or tex:match("\\notag")
  tex = tex:gsub("\\label%s*{[^}]*}", ""):gsub("\\tag%*?%s*{[^}]*}", "")
  tex = tex:gsub("\\nonumber", ""):gsub("\\notag", "")
  return tex, label, tag, unnumbered ~= nil
end

local function equation_span(math, id, number)
  local mark = pandoc.Span({ pandoc.Str("(" .. number .. ")") }, { class = "eq-number" })
  return pandoc.Span({ math, mark }, { id = id or "", class = "equation" })
end

local function next_equation(id, tag)
  local n = tag
  if not n then
    counts.eq = counts.eq + 1
    n = tostring(counts.eq)
  end
  if id then numbers[id] = n end
  return n
end

-- A LaTeX math environment (`\begin{equation}\label{eq:x}...`), as pandoc keeps it: a Math
-- element or, inside a paragraph, raw TeX. Returns the display Math, numbered unless the
-- environment is starred or says \nonumber, as LaTeX does; nil for anything else.
local function environment_equation(tex)
  local env, star = tex:match("^%s*\\begin{(%a+)(%*?)}")
  if not env or MATH_ENVIRONMENTS[env] == nil then return nil end
  local body = tex:match("^%s*\\begin{%a+%*?}(.*)\\end{" .. env .. "%*?}%s*$")
  if not body then return nil end
  local inner, label, tag, unnumbered = equation_marks(body)
  if env ~= "equation" and env ~= "displaymath" then
    -- texmath reads these environments itself (one number for the whole block)
    inner = "\\begin{" .. env .. "*}" .. inner .. "\\end{" .. env .. "*}"
  end
  local math = pandoc.Math("DisplayMath", inner)
  local numbered = MATH_ENVIRONMENTS[env] and star == "" and not unnumbered
  if not numbered and not tag then return math end
  local id = label and kind_of(label) == "eq" and label or nil
  return equation_span(math, id, next_equation(id, tag))
end

local function is_tex(format) return format == "tex" or format == "latex" end

-- Display math in a list of inlines: `$$...$$ {#eq:x}` (the Math, spaces, the attribute as
-- a Str), a LaTeX environment in `$$` or as raw TeX. Once a list holds an equation the walk
-- does not go into it again (it would number it twice).
local function number_display_math(inlines)
  local out = pandoc.Inlines({})
  local changed = false
  local i = 1
  while i <= #inlines do
    local el = inlines[i]
    local environment = nil
    if el.t == "RawInline" and is_tex(el.format) then
      environment = environment_equation(el.text)
    elseif el.t == "Math" and el.mathtype == "DisplayMath" then
      environment = environment_equation(el.text)
    end
    if environment then
      out:insert(environment)
      changed = true
    elseif el.t == "Math" and el.mathtype == "DisplayMath" then
      local j = i + 1
      while j <= #inlines and (inlines[j].t == "Space" or inlines[j].t == "SoftBreak") do
        j = j + 1
      end
      local attr = j <= #inlines and inlines[j].t == "Str" and inlines[j].text
      local id = attr and attr:match("^{#(eq[:%-][^%s}]+)}$") or nil
      local tex, label, tag, unnumbered = equation_marks(el.text)
      el.text = tex
      id = id or (label and kind_of(label) == "eq" and label) or nil
      if (id or tag) and not unnumbered then
        out:insert(equation_span(el, id, next_equation(id, tag)))
        changed = true
      else
        out:insert(el)
      end
      if attr and attr:match("^{#eq[:%-]") then i = j end -- the attribute is used up
    else
      out:insert(el)
    end
    i = i + 1
  end
  if changed then return out, false end
  return out
end

-- A raw LaTeX environment standing alone (a block of its own).
local function raw_equation(block)
  if not is_tex(block.format) then return nil end
  local equation = environment_equation(block.text)
  if not equation then return nil end
  return pandoc.Para({ equation }), false
end

-- \eqref{eq:x}, \ref{eq:x}, \autoref{eq:x}: the number, linked.
local function raw_reference(el)
  if not is_tex(el.format) then return nil end
  local command, id = el.text:match("^\\(%a+)%s*{(eq[:%-][^}]+)}$")
  if not command or (command ~= "eqref" and command ~= "ref" and command ~= "autoref") then
    return nil
  end
  local n = numbers[id]
  if not n then
    -- reported as link_for reports it (one JSON object a line, read by the build)
    io.stderr:write(pandoc.json.encode({ docbuild = "unknown-cross-reference", id = id }) .. "\n")
    return pandoc.Strong({ pandoc.Str("??" .. id) })
  end
  local text = ({ eqref = "(" .. n .. ")", ref = n, autoref = "Equation\u{a0}" .. n })[command]
  return pandoc.Link({ pandoc.Str(text) }, "#" .. id, "", { class = "cross-ref" })
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

-- First pass: number everything in document order (top down: equations are blocks and
-- inlines, and their numbers must follow the text).
local function collect(doc)
  doc.blocks = doc.blocks:walk({
    traverse = "topdown",
    Header = number_header,
    Figure = function(el) return number_block(el, "fig") end,
    Table = function(el) return number_block(el, "tbl") end,
    RawBlock = raw_equation,
    Inlines = number_display_math,
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
  if kind == "eq" then text = "(" .. n .. ")" end -- as \eqref prints it, in every style
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
    if first_kind ~= "eq" then out:insert(pandoc.Str(plural[first_kind] .. "\u{a0}")) end
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
  doc.blocks = doc.blocks:walk({
    Cite = resolve,
    RawInline = raw_reference,
    Math = function(m) m.text = upright_bold(m.text); return m end,
  })
  doc.blocks = doc.blocks:walk({ Note = footnote })
  return doc
end
