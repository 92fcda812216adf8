--[[
docbuild cross-references, the references (loaded by crossref.lua): `@fig:x`, `@fig-x`,
`[@fig:a; @fig:b]`, `\autoref{fig:x}`, `\ref{fig:x}` become links with the number, and the
word the settings give unless the author wrote it already ("Figure @fig:x").
]]

local state, settings, report -- crossref.lua's numbers, words and reporter, given to `init`
local M = {}

-- Words that already name the kind when they stand before a reference ("Figure @fig:x").
local OWN_WORDS = {
  fig = { "figure", "figures", "fig.", "figs.", "fig", "figs" },
  tbl = { "table", "tables", "tab.", "tabs.", "tbl." },
  sec = { "section", "sections", "sec.", "secs.", "§", "chapter", "chapters", "appendix" },
  eq = { "equation", "equations", "eq.", "eqs.", "eqn.", "eqns." },
  lst = { "listing", "listings", "lst.", "code" },
}
-- a theorem's kind (crossref_theorems.lua): its own word and plural, as the settings give them
setmetatable(OWN_WORDS, { __index = function() return {} end })
local function lookup(id)
  if state.numbers[id] then return id end
  local lower = id:sub(1, 1):lower() .. id:sub(2) -- `@Fig:x`: capitalised prefix, same figure
  if state.numbers[lower] then return lower end
  return nil
end

local function capitalised(word, upper)
  if not upper or word == "" then return word end
  return pandoc.text.upper(pandoc.text.sub(word, 1, 1)) .. pandoc.text.sub(word, 2)
end

local function prefix_word(kind, plural, upper)
  local p = settings.prefix[kind]
  if not p then return "" end
  return capitalised(p[plural and 2 or 1] or p[1] or "", upper)
end

-- An equation's number in its parentheses, "(1)", unless the author's own enclose the
-- reference: "the process model (@eq:model)" prints "(8)", not "((8))".
local function number_text(kind, n, enclosed)
  if kind == "eq" and not enclosed then return "(" .. n .. ")" end
  return n
end

local function link(id, text)
  return pandoc.Link({ pandoc.Str(text) }, "#" .. id, "", { class = "cross-ref" })
end

local function is_own_word(kind, inline)
  if not inline or inline.t ~= "Str" then return false end
  -- "(Figure {@fig:x})": the word after the bracket that opens the aside
  local word = pandoc.text.lower(inline.text):gsub("^[%(%[]+", "")
  for _, w in ipairs(OWN_WORDS[kind]) do if word == w then return true end end
  local p = settings.prefix[kind]
  for _, w in ipairs(p or {}) do if w ~= "" and word == pandoc.text.lower(w) then return true end end
  return false
end

-- Consecutive numbers as a range ("1–3"); the rest listed ("1, 2, 5").
local function compact(items)
  local out, i = {}, 1
  while i <= #items do
    local j = i
    while j < #items and tonumber(items[j + 1].n) and tonumber(items[j].n)
        and tonumber(items[j + 1].n) == tonumber(items[j].n) + 1 do j = j + 1 end
    if j - i >= 2 then
      out[#out + 1] = { items[i], items[j] }
      i = j + 1
    else
      out[#out + 1] = { items[i] }
      i = i + 1
    end
  end
  return out
end

-- A Cite of cross-references only (pandoc-crossref and Quarto), with `before`, the inline
-- in front of it, to see whether the author wrote the word already.
local function resolve(cite, before, enclosed)
  for _, c in ipairs(cite.citations) do
    if not state.kind_of(c.id) then return nil end
  end
  local found, kind, same = {}, nil, true
  for _, c in ipairs(cite.citations) do
    local id = lookup(c.id)
    if not id then
      report(c.id, "@" .. c.id)
      return pandoc.Strong({ pandoc.Str("??" .. c.id) })
    end
    local k = state.kind_of(c.id)
    if kind and k ~= kind then same = false end
    kind = kind or k
    found[#found + 1] = { id = id, n = state.numbers[id], c = c }
  end
  local first = cite.citations[1]
  local bare = first.mode == "SuppressAuthor" or is_own_word(kind, before)
  local upper = first.id:match("^%u") ~= nil
  local out = pandoc.Inlines({})
  if same then
    local word = bare and "" or prefix_word(kind, #found > 1, upper)
    out:extend(first.prefix)
    if #first.prefix > 0 then out:insert(pandoc.Space()) end
    if #found == 1 then
      local text = number_text(kind, found[1].n, enclosed)
      out:insert(link(found[1].id, word ~= "" and (word .. "\u{a0}" .. text) or text))
      out:extend(first.suffix)
      return out
    end
    if word ~= "" then out:insert(pandoc.Str(word .. "\u{a0}")) end
    for i, group in ipairs(compact(found)) do
      if i > 1 then out:insert(pandoc.Str(", ")) end
      out:insert(link(group[1].id, number_text(kind, group[1].n, enclosed)))
      if group[2] then
        out:insert(pandoc.Str("\u{2013}"))
        out:insert(link(group[2].id, number_text(kind, group[2].n, enclosed)))
      end
    end
    out:extend(cite.citations[#cite.citations].suffix)
    return out
  end
  for i, f in ipairs(found) do
    if i > 1 then out:insert(pandoc.Str(", ")) end
    out:extend(f.c.prefix)
    local k = state.kind_of(f.c.id)
    local word = prefix_word(k, false, f.c.id:match("^%u") ~= nil)
    local text = number_text(k, f.n)
    out:insert(link(f.id, word ~= "" and (word .. "\u{a0}" .. text) or text))
    out:extend(f.c.suffix)
  end
  return out
end

-- \autoref{fig:x}, \ref{fig:x}, \eqref{eq:x}, \cref{..}, \Cref{..}: the number, linked;
-- \autoref and \cref with their word, as LaTeX's hyperref and cleveref print them.
local function raw_reference(el, before)
  if el.format ~= "tex" and el.format ~= "latex" then return nil end
  local command, id = el.text:match("^\\(%a+)%s*{([^}]+)}$")
  local forms = { eqref = true, ref = true, autoref = true, cref = true, Cref = true }
  if not command or not forms[command] then return nil end
  local kind = state.latex_kind(id)
  if not kind then return nil end
  local n = state.numbers[id]
  if not n then
    report(id, el.text)
    return pandoc.Strong({ pandoc.Str("??" .. id) })
  end
  if command == "eqref" or (kind == "eq" and command ~= "ref") then
    local text = "(" .. n .. ")"
    if command == "autoref" or command == "cref" or command == "Cref" then
      text = "Equation\u{a0}" .. n
    end
    return link(id, text)
  end
  if command == "ref" or is_own_word(kind, before) then return link(id, n) end
  local word = settings.title[kind] or prefix_word(kind, false, true)
  if word == "" then return link(id, n) end
  return link(id, word .. "\u{a0}" .. n)
end

-- A Cite that mixes cross-references and citations (pandoc reads `@fig:x [@key]` and
-- `[@fig:x; @key]` as one): a Cite for each run of either, joined by spaces, so that the
-- references get their numbers and citeproc renders only the citations ("Figure 1 (Bee,
-- 2020)"), never "(Bee, 2020; fig:x?)".
local function split_mixed(cite)
  local runs, xref_run = {}, nil
  for _, c in ipairs(cite.citations) do
    local is_xref = state.kind_of(c.id) ~= nil
    if is_xref ~= xref_run then
      runs[#runs + 1] = {}
      xref_run = is_xref
    end
    table.insert(runs[#runs], c)
  end
  if #runs < 2 then return nil end
  local pieces = {}
  for _, run in ipairs(runs) do
    local typed = {}
    for i, c in ipairs(run) do typed[#typed + 1] = (i > 1 and "; @" or "@") .. c.id end
    pieces[#pieces + 1] = pandoc.Cite({ pandoc.Str(table.concat(typed)) }, run)
  end
  return pieces
end

-- pandoc-xnos (Manubot's pandoc-fignos, -eqnos and -tablenos) lets a reference stand in
-- braces, `Figure {@fig:x}` and `Eq. {@eq:x}'s`, its modifier inside them (`{+@fig:x}`): the
-- braces are syntax, so they go, and the inline before the reference is then the word.
local function unbraced(inlines)
  local out, changed = pandoc.Inlines({}), false
  for i, el in ipairs(inlines) do
    local prev, after = out[#out], inlines[i + 1]
    local cross = el.t == "Cite" and #el.citations > 0
    for _, c in ipairs(cross and el.citations or {}) do
      if not state.kind_of(c.id) then cross = false end
    end
    if cross and prev and prev.t == "Str" and prev.text:match("{[+*!]?$")
        and after and after.t == "Str" and after.text:match("^}") then
      local opened = prev.text:gsub("{[+*!]?$", "")
      if opened == "" then out:remove(#out) else out[#out] = pandoc.Str(opened) end
      out:insert(el)
      inlines[i + 1] = pandoc.Str(after.text:sub(2))
      changed = true
    elseif not (changed and el.t == "Str" and el.text == "" and inlines[i - 1].t == "Cite") then
      out:insert(el) -- (the closing brace's Str, emptied, is left out)
    end
  end
  return changed and out or inlines
end

-- bookdown's `\@ref(fig:x)`, `\@ref(tab:x)`, `\@ref(section-id)` (pandoc reads `\@` as a
-- plain "@": one Str, with what the text has around it): the number alone, linked, as
-- bookdown prints it after the author's word ("Figure \@ref(fig:x)"). An id with no kind is
-- a heading's, as in bookdown.
local function bookdown(str)
  local before, id, after = str.text:match("^(.-)@ref%(([^()%s]+)%)(.*)$")
  if not id then return nil end
  local out = pandoc.Inlines({})
  if before ~= "" then out:insert(pandoc.Str(before)) end
  local kind = state.latex_kind(id)
  local n = kind and state.numbers[id]
  if not n then
    report(id, "\\@ref(" .. id .. ")")
    out:insert(pandoc.Strong({ pandoc.Str("??" .. id) }))
  else
    out:insert(link(id, number_text(kind, n, before:match("%($") and after:match("^%)"))))
  end
  if after ~= "" then
    local rest = bookdown(pandoc.Str(after))
    if rest then out:extend(rest) else out:insert(pandoc.Str(after)) end
  end
  return out
end

-- The inline before each one, skipping a space, so "Figure @fig:x" is seen.
local function resolve_inlines(inlines)
  local bookdowns = nil
  for i, el in ipairs(inlines) do
    local found = el.t == "Str" and el.text:find("@ref(", 1, true) and bookdown(el)
    if found then
      bookdowns = bookdowns or {}
      bookdowns[i] = found
    end
  end
  if bookdowns then
    local flat = pandoc.Inlines({})
    for i, el in ipairs(inlines) do
      if bookdowns[i] then flat:extend(bookdowns[i]) else flat:insert(el) end
    end
    inlines = flat
  end
  if not state.holds(inlines, "Cite", "RawInline") then return bookdowns and inlines or nil end
  inlines = unbraced(inlines)
  local out = pandoc.Inlines({})
  local changed = false
  for i, el in ipairs(inlines) do
    local before = nil
    if i > 1 and (inlines[i - 1].t == "Space" or inlines[i - 1].t == "SoftBreak") then
      before = inlines[i - 2]
    end
    local new = nil
    local pieces = el.t == "Cite" and split_mixed(el) or nil
    if pieces then
      new = pandoc.Inlines({})
      for j, piece in ipairs(pieces) do
        if j > 1 then new:insert(pandoc.Space()) end
        new:extend(pandoc.Inlines(resolve(piece, j == 1 and before or nil) or { piece }))
      end
    elseif el.t == "Cite" then
      local prev, after = inlines[i - 1], inlines[i + 1]
      local enclosed = prev and after and prev.t == "Str" and after.t == "Str"
        and prev.text:match("%($") ~= nil and after.text:match("^%)") ~= nil
      new = resolve(el, before, enclosed)
    end
    if el.t == "RawInline" then
      -- LaTeX's tie, `Figure~\ref{fig:x}`: a no-break space, and the word before it seen
      local prev = out[#out]
      local tie = prev and prev.t == "Str" and prev.text:match("^(.-)~$")
      if tie then before = pandoc.Str(tie) end
      new = raw_reference(el, before)
      if new and tie then out[#out] = pandoc.Str(tie .. "\u{a0}") end
    end
    if new then
      out:extend(pandoc.Inlines(new))
      changed = true
    else
      out:insert(el)
    end
  end
  if changed or bookdowns then return out end
  return nil
end

M.resolve_inlines = resolve_inlines
function M.init(shared, words, reporter) state, settings, report = shared, words, reporter end
return M
