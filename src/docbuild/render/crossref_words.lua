--[[
docbuild cross-references, the words (loaded by crossref.lua): "Figure" in a caption, "Fig." or
"Figs." before a reference, as pandoc-crossref's settings (`figureTitle`, `figPrefix`,
`titleDelim`, `chapters`, ...) and Quarto's `crossref:` map (`fig-title`, `fig-prefix`, ...)
say, from the front matter and the settings file the build hands over (`docbuild-crossref`),
over the journal style's conventions (style.toml [crossref], `docbuild-style-crossref`).
]]

local M = {}

-- The words printed, as docbuild has always printed them; settings replace them.
local settings = {
  title = { fig = "Figure", tbl = "Table", lst = "Listing" },
  prefix = {
    fig = { "Figure", "Figs." }, tbl = { "Table", "Tables" }, sec = { "Section", "Sections" },
    lst = { "Listing", "Listings" }, eq = nil, -- an equation is "(1)", as \eqref prints it
  },
  delim = ":",
  chapters = false,
  chapters_depth = 1,
  -- The journal's conventions (style.toml [crossref], as `docbuild-style-crossref`): a
  -- caption pattern ("Fig. {n}.", "TABLE {n}") and numbering ("upper-roman": I, II; for
  -- sections II, II-A, II-A1 as IEEEtran numbers them; "title": a section by its title).
  caption = {},
  numbering = {},
}
-- pandoc-crossref's names, then Quarto's (`crossref: {fig-title: ...}`).
local TITLE_KEYS = { figureTitle = "fig", tableTitle = "tbl", listingTitle = "lst",
  ["fig-title"] = "fig", ["tbl-title"] = "tbl", ["lst-title"] = "lst" }
local PREFIX_KEYS = { figPrefix = "fig", tblPrefix = "tbl", secPrefix = "sec", eqnPrefix = "eq",
  lstPrefix = "lst", ["fig-prefix"] = "fig", ["tbl-prefix"] = "tbl", ["sec-prefix"] = "sec",
  ["eq-prefix"] = "eq", ["lst-prefix"] = "lst" }

-- A kind more (crossref_theorems.lua's): its word in a heading and before a reference, and
-- Quarto's settings for them (`thm-title`, `thm-prefix`).
local function add_kind(kind, title, plural)
  settings.title[kind] = title
  settings.prefix[kind] = { title, plural }
  TITLE_KEYS[kind .. "-title"] = kind
  PREFIX_KEYS[kind .. "-prefix"] = kind
end

-- A prefix setting: one word for both numbers, or [singular, plural].
local function words(value)
  if value == nil then return nil end
  if pandoc.utils.type(value) == "List" then
    local out = {}
    for i, v in ipairs(value) do out[i] = pandoc.utils.stringify(v) end
    return out
  end
  local s = pandoc.utils.stringify(value)
  return { s, s }
end

local function apply_settings(meta)
  if meta == nil then return end
  for key, value in pairs(meta) do
    if TITLE_KEYS[key] then settings.title[TITLE_KEYS[key]] = pandoc.utils.stringify(value) end
    if PREFIX_KEYS[key] then settings.prefix[PREFIX_KEYS[key]] = words(value) end
    if key == "titleDelim" or key == "title-delim" then
      settings.delim = pandoc.utils.stringify(value)
    end
    if key == "chapters" then settings.chapters = value == true end
    if key == "chaptersDepth" or key == "chapters-depth" then
      settings.chapters_depth = tonumber(pandoc.utils.stringify(value)) or 1
    end
  end
end

-- The style's conventions come first: the author's settings, as pandoc-crossref's, win.
local function apply_style(given)
  if type(given) ~= "table" then return end
  for kind, conventions in pairs(given) do
    local function get(key)
      return conventions[key] and pandoc.utils.stringify(conventions[key]) or nil
    end
    local label, plural = get("label"), get("plural")
    if label or plural then
      local old = settings.prefix[kind] or {}
      settings.prefix[kind] = { label or old[1], plural or old[2] or label }
    end
    if label and settings.title[kind] then settings.title[kind] = label end -- \autoref's word
    settings.caption[kind] = get("caption")
    settings.numbering[kind] = get("numbering")
  end
end

local function read_settings(meta)
  apply_style(meta["docbuild-style-crossref"])
  meta["docbuild-style-crossref"] = nil
  apply_settings(meta["docbuild-crossref"]) -- the settings file: the document has the last word
  apply_settings(meta)
  apply_settings(meta.crossref)
end

M.settings = settings
M.read = read_settings
M.add_kind = add_kind
return M
