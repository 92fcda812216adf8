--[[
docbuild cross-references, the theorems (loaded by crossref.lua): Quarto's `::: {#thm-x}`
(`lem-`, `cor-`, `prp-`, `cnj-`, `def-`, `exm-`, `exr-`) and bookdown's `::: {.theorem #x}`
(`.lemma`, `.definition`, ...) are numbered, each kind on its own counter, and headed
"Theorem 1 (Name)" as Quarto and bookdown head them: the name is the div's first heading
(taken out) or its `name` attribute. `@thm-x` and `\@ref(thm:x)` print the number. A
`.proof`, `.remark` or `.solution` is led by its word in italics, "*Proof.*", unnumbered.
]]

local state, settings -- crossref.lua's numbers and counters, and its words, given to `init`
local M = {}

-- Quarto's theorem kinds (its prefix, the word, the LaTeX environment it writes), which are
-- bookdown's too (bookdown's environment is the class, its label `thm:x`).
M.KINDS = {
  { "thm", "Theorem", "theorem", "Theorems" }, { "lem", "Lemma", "lemma", "Lemmas" },
  { "cor", "Corollary", "corollary", "Corollaries" },
  { "prp", "Proposition", "proposition", "Propositions" },
  { "cnj", "Conjecture", "conjecture", "Conjectures" },
  { "def", "Definition", "definition", "Definitions" },
  { "exm", "Example", "example", "Examples" }, { "exr", "Exercise", "exercise", "Exercises" },
}
M.WORDS = {}
local BY_CLASS = {}
for _, k in ipairs(M.KINDS) do
  M.WORDS[k[1]] = k[2]
  BY_CLASS[k[3]] = k[1]
end

-- The kind and the id a reference names: Quarto's `thm-x` is its own id; bookdown's
-- `::: {.theorem #tri}` is referred to as `thm:tri`, which is claimed for the kind (a bare
-- label, as crossref.lua keeps them), so `@thm:tri` stays what it was (a citation).
local function kind_and_id(div)
  local own = state.kind_of(div.identifier)
  if own and M.WORDS[own] then return own, div.identifier end
  for _, class in ipairs(div.classes) do
    local kind = BY_CLASS[class]
    -- (one with no id is numbered all the same, as bookdown numbers it: tlverse-handbook's
    -- `::: {.definition name="Treatment Positivity"}`; nothing can refer to it)
    if kind and div.identifier == "" then return kind, "" end
    if kind then
      local id = kind .. ":" .. div.identifier
      if state.claim(id, kind) then return kind, id end
    end
  end
  return nil
end

-- A theorem's name: its first block when that is a heading (Quarto's `## Line`), taken out;
-- else the `name` attribute.
local function take_name(div)
  local first = div.content[1]
  if first and first.t == "Header" then
    div.content:remove(1)
    return first.content
  end
  local name = div.attributes["name"]
  if name and name ~= "" then return pandoc.Inlines({ pandoc.Str(name) }) end
  return nil
end

-- The div numbered: its number kept under the id the references use, the heading put at the
-- start of its first paragraph (a block of its own before anything else).
-- Quarto's and bookdown's unnumbered blocks: their word in italics leads them, "*Proof.*".
local UNNUMBERED = { proof = "Proof", remark = "Remark", solution = "Solution" }

-- "Word (Name)": the div's name (its heading or `name` attribute) after the word, taken.
local function titled(word, div)
  local title = pandoc.Inlines({ pandoc.Str(word) })
  local name = take_name(div)
  if name then
    title:insert(pandoc.Space())
    title:insert(pandoc.Str("("))
    title:extend(name)
    title:insert(pandoc.Str(")"))
  end
  return title
end

-- `heading` at the start of the div's first paragraph (a paragraph of its own otherwise).
local function lead_with(div, heading)
  local first = div.content[1]
  if first and (first.t == "Para" or first.t == "Plain") then
    first.content:insert(1, pandoc.Space())
    first.content:insert(1, heading)
  else
    div.content:insert(1, pandoc.Para({ heading }))
  end
end

local function lead_in(div)
  for _, class in ipairs(div.classes) do
    local word = UNNUMBERED[class]
    if word then
      local title = titled(word, div)
      lead_with(div, pandoc.Span({ pandoc.Emph(title), pandoc.Str(".") },
        { class = "proof-title" }))
      div.attributes["name"] = nil
      return div
    end
  end
  return nil
end

function M.number_div(div)
  local kind, id = kind_and_id(div)
  if not kind then return lead_in(div) end
  local n = state.next_number(kind)
  if id ~= "" then state.numbers[id] = n end
  local title = titled(settings.title[kind] .. "\u{a0}" .. n, div)
  lead_with(div, pandoc.Span({ pandoc.Strong(title) }, { class = "theorem-title" }))
  div.identifier = id
  div.attributes["name"] = nil
  div.attributes["number"] = n
  for _, k in ipairs(M.KINDS) do
    if k[1] == kind and not div.classes:includes(k[3]) then div.classes:insert(k[3]) end
  end
  if not div.classes:includes("theorem") then div.classes:insert(1, "theorem") end
  return div
end

function M.init(shared, words) state, settings = shared, words end
return M
