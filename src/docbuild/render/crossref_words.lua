--[[
docbuild cross-references, the words (loaded by crossref.lua): "Figure" in a caption, "Fig." or
"Figs." before a reference, as pandoc-crossref's settings (`figureTitle`, `figPrefix`,
`titleDelim`, `chapters`, ...) and Quarto's `crossref:` map (`fig-title`, `fig-prefix`, ...)
say, from the front matter and the settings file the build hands over (`docbuild-crossref`).
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
}
-- pandoc-crossref's names, then Quarto's (`crossref: {fig-title: ...}`).
local TITLE_KEYS = { figureTitle = "fig", tableTitle = "tbl", listingTitle = "lst",
  ["fig-title"] = "fig", ["tbl-title"] = "tbl", ["lst-title"] = "lst" }
local PREFIX_KEYS = { figPrefix = "fig", tblPrefix = "tbl", secPrefix = "sec", eqnPrefix = "eq",
  lstPrefix = "lst", ["fig-prefix"] = "fig", ["tbl-prefix"] = "tbl", ["sec-prefix"] = "sec",
  ["eq-prefix"] = "eq", ["lst-prefix"] = "lst" }

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

local function read_settings(meta)
  apply_settings(meta["docbuild-crossref"]) -- the settings file: the document has the last word
  apply_settings(meta)
  apply_settings(meta.crossref)
end

M.settings = settings
M.read = read_settings
return M
