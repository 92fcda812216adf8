--[[
docbuild cross-references, the raw LaTeX left after numbering (loaded by crossref.lua). The
HTML writer drops raw TeX without a word, so a JOSS caption's `SrCoO\textsubscript{3-x}`
would lose its subscript and a ReScience paper's `\begin{algorithm}` would vanish from both
editions. Inline commands pandoc's LaTeX reader knows (`\textsubscript`, `\emph`, `\url`, ...)
become what it reads; page layout (`\clearpage`, `\newpage`, `\vspace{..}`) is the style's
business and goes; anything else is left out and reported (a JSON line, as unknown
cross-references are), so the build names it with its place.
]]

local M = {}

-- Commands that only lay the page out: meaningless outside LaTeX's own page.
local LAYOUT = { clearpage = true, newpage = true, pagebreak = true, cleardoublepage = true,
  vspace = true, hspace = true, smallskip = true, medskip = true, bigskip = true,
  noindent = true, centering = true, FloatBarrier = true, linebreak = true, vfill = true,
  hfill = true, raggedright = true, raggedbottom = true, flushbottom = true }

local function is_tex(el) return el.format == "tex" or el.format == "latex" end

local function only_layout(text)
  local rest = text:gsub("\\(%a+)%*?%s*(%b{})", function(cmd) if LAYOUT[cmd] then return "" end end)
  rest = rest:gsub("\\(%a+)%*?", function(cmd) if LAYOUT[cmd] then return "" end end)
  return not rest:match("%S")
end

local function report(text)
  local first = text:match("^%s*([^\n]*)")
  io.stderr:write(pandoc.json.encode({ docbuild = "raw-tex-left-out", text = first }) .. "\n")
end

function M.raw_inline(el)
  if not is_tex(el) then return nil end
  if only_layout(el.text) then return {} end
  local ok, doc = pcall(pandoc.read, el.text, "latex")
  if ok and #doc.blocks == 1 and doc.blocks[1].t == "Para" then
    local inlines = doc.blocks[1].content
    local raw = false
    inlines:walk({ RawInline = function() raw = true end })
    if #inlines > 0 and not raw then return inlines end
  end
  report(el.text)
  return {}
end

function M.raw_block(el)
  if not is_tex(el) then return nil end
  if not only_layout(el.text) then report(el.text) end
  return {}
end

return M
