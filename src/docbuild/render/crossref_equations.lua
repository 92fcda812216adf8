--[[
docbuild cross-references, the equations (loaded by crossref.lua): `$$ ... $$ {#eq:x}`
(pandoc-crossref) or `{#eq-x}` (Quarto) and the raw LaTeX environments JOSS papers write
(`\begin{equation}\label{eq:x} ... \end{equation}`; align, alignat, flalign, gather, multline,
eqnarray too)
become display math numbered "(1)" at its right, unless starred or `\nonumber`.
]]

local state -- crossref.lua's numbers and counters, given to `init`
local M = {}

local MATH_ENVIRONMENTS = { equation = true, align = true, alignat = true, flalign = true,
  gather = true, multline = true, eqnarray = true, displaymath = false }

-- texmath sets \mathbf{x} bold italic; LaTeX sets it bold upright: write the letters as
-- the Unicode bold ones, which both editions print upright.
-- `\mathbf Q_t` (a single letter, no braces: PySINDy's JOSS paper) the same: texmath reads
-- it as `\mathbf{Q}` and sets it bold italic too.
local function bold_letters(inner)
  return (inner:gsub("%a", function(c)
    local b = c:byte()
    if b >= 65 and b <= 90 then return utf8.char(0x1D400 + b - 65) end
    return utf8.char(0x1D41A + b - 97)
  end))
end

-- The bold letters in place of `\mathbf...` at `at`: after a command (`\lVert\mathbf{X}`) a
-- space, or texmath reads `\lVert𝐗` as one command's name (𝐗 is a letter); after `_` or `^`
-- in braces, or only the first letter would be the script (`x_\mathbf{AB}`).
local function in_place(tex, at, inner)
  local bold, before = bold_letters(inner), tex:sub(1, at - 1)
  if before:match("\\%a+$") then return " " .. bold end
  if #inner > 1 and before:match("[_^]%s*$") then return "{" .. bold .. "}" end
  return bold
end

local function upright_bold(tex)
  if not tex:find("\\mathbf") then return tex end
  local out = tex:gsub("()\\mathbf%s*(%b{})", function(at, group)
    local inner = group:sub(2, -2)
    if not inner:match("^[A-Za-z]+$") then return nil end
    return in_place(tex, at, inner)
  end)
  -- (the space ends the command's name: `\mathbfQ` would be another command)
  return (out:gsub("()\\mathbf%s+(%a)", function(at, letter) return in_place(out, at, letter) end))
end

-- bookdown's label, `(\#eq:binom)` at the end of an equation's TeX (bookdown turns it into
-- \label{eq:binom}): texmath would print it as text.
local BOOKDOWN_LABEL = "%(%s*\\#(eq:[^%s%)]+)%s*%)"

-- \label{x}, \tag{t}, \nonumber: taken out of the TeX (texmath does not read them at the
-- top of an expression); returns the TeX, the label, the tag and whether to number.
local function equation_marks(tex)
  local label = tex:match("\\label%s*{([^}]*)}") or tex:match(BOOKDOWN_LABEL)
  local tag = tex:match("\\tag%*?%s*{([^}]*)}")
  local unnumbered = tex:match("\\nonumber") or tex:match("\\notag")
  tex = tex:gsub("\\label%s*{[^}]*}", ""):gsub("\\tag%*?%s*{[^}]*}", "")
  tex = tex:gsub("%s*" .. BOOKDOWN_LABEL, "") -- with its line: texmath reads a blank line as a paragraph break
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
    n = state.next_number("eq")
  end
  if id then state.numbers[id] = n end
  return n
end

-- Environments LaTeX numbers row by row (multline and equation are one number).
-- alignat's column count, `{2}`, stays at the head of its first row.
local ROW_NUMBERED = { align = true, alignat = true, flalign = true, gather = true,
  eqnarray = true }

-- The rows of an environment's body: split at `\\` outside braces and inner environments.
local function rows_of(body)
  local rows, depth, start, i = {}, 0, 1, 1
  while i <= #body do
    local c = body:sub(i, i)
    if c == "{" then depth = depth + 1
    elseif c == "}" then depth = depth - 1
    elseif body:sub(i, i + 6) == "\\begin{" then depth = depth + 1
    elseif body:sub(i, i + 4) == "\\end{" then depth = depth - 1
    elseif depth == 0 and body:sub(i, i + 1) == "\\\\" then
      rows[#rows + 1] = body:sub(start, i - 1)
      start = i + 2
      i = i + 1
    end
    i = i + 1
  end
  local last = body:sub(start)
  if last:match("%S") or #rows == 0 then rows[#rows + 1] = last end
  return rows
end

-- align, gather, eqnarray: each row numbered (or tagged) unless it says \nonumber, as LaTeX
-- numbers them; the block keeps its alignment and shows its numbers at its right, one above
-- the other; each row's \label names its own number.
local function numbered_rows(env, body)
  local texts, numbers, first_id = {}, {}, nil
  for i, row in ipairs(rows_of(body)) do
    local tex, label, tag, unnumbered = equation_marks(row)
    texts[i] = tex
    if not unnumbered or tag then
      local id = state.claim(label, "eq")
      numbers[#numbers + 1] = next_equation(id, tag)
      first_id = first_id or id
    elseif label and #numbers > 0 then
      -- a label in a row LaTeX does not number names the number before it (\label takes the
      -- last one given): tlverse-handbook's `\\ \nonumber (\#eq:x)` rows after a first one
      local id = state.claim(label, "eq")
      if id then state.numbers[id] = numbers[#numbers] end
      first_id = first_id or id -- (the link's target: the block)
    end
  end
  -- a last row with nothing left in it (a label alone on its line) is no row: LaTeX adds none
  while #texts > 1 and not texts[#texts]:match("%S") do texts[#texts] = nil end
  local inner = "\\begin{" .. env .. "*}" .. table.concat(texts, "\\\\") .. "\\end{" .. env .. "*}"
  local math = pandoc.Math("DisplayMath", inner)
  if #numbers == 0 then return math end
  -- the numbers one above the other, centred on the block as a single number is
  local marks = pandoc.Inlines({})
  for i, n in ipairs(numbers) do
    if i > 1 then marks:insert(pandoc.LineBreak()) end
    marks:insert(pandoc.Str("(" .. n .. ")"))
  end
  return pandoc.Span({ math, pandoc.Span(marks, { class = "eq-number" }) },
    { id = first_id or "", class = "equation" })
end

-- A LaTeX math environment (`\begin{equation}\label{eq:x}...`), as pandoc keeps it: a Math
-- element or, inside a paragraph, raw TeX. Returns the display Math, numbered unless the
-- environment is starred or says \nonumber, as LaTeX does; nil for anything else.
local function environment_equation(tex)
  local env, star = tex:match("^%s*\\begin{(%a+)(%*?)}")
  if not env or MATH_ENVIRONMENTS[env] == nil then return nil end
  local body = tex:match("^%s*\\begin{%a+%*?}(.*)\\end{" .. env .. "%*?}%s*$")
  if not body then return nil end
  if ROW_NUMBERED[env] and star == "" then return numbered_rows(env, body) end
  local inner, label, tag, unnumbered = equation_marks(body)
  if env ~= "equation" and env ~= "displaymath" then
    -- texmath reads these environments itself
    inner = "\\begin{" .. env .. "*}" .. inner .. "\\end{" .. env .. "*}"
  end
  local math = pandoc.Math("DisplayMath", inner)
  local numbered = MATH_ENVIRONMENTS[env] and star == "" and not unnumbered
  if not numbered and not tag then return math end
  local id = state.claim(label, "eq")
  return equation_span(math, id, next_equation(id, tag))
end

local function is_tex(format) return format == "tex" or format == "latex" end

-- Display math in a list of inlines: `$$...$$ {#eq:x}` (the Math, spaces, the attribute as
-- a Str), a LaTeX environment in `$$` or as raw TeX. Once a list holds an equation the walk
-- does not go into it again (it would number it twice).
local function number_display_math(inlines)
  if not state.holds(inlines, "Math", "RawInline") then return nil end
  local out = pandoc.Inlines({})
  local changed, edited = false, false -- an equation numbered; a Math's TeX rewritten
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
      -- pandoc 3.9 reads `x \` + newline + `\end{align}` as the raw environment and then the
      -- same `\end{align}` again as text (dfoliatR's paper printed it after its equation)
      local closing = el.t == "RawInline" and el.text:match("(\\end%s*{[^}]+})%s*$")
      local after = inlines[i + 1]
      if closing and after and after.t == "Str" and after.text == closing then i = i + 1 end
    elseif el.t == "Math" and el.mathtype == "DisplayMath" then
      local j = i + 1
      while j <= #inlines and (inlines[j].t == "Space" or inlines[j].t == "SoftBreak") do
        j = j + 1
      end
      local attr = j <= #inlines and inlines[j].t == "Str" and inlines[j].text
      local id = attr and attr:match("^{#(eq[:%-][^%s}]+)}$") or nil
      local tex, label, tag, unnumbered = equation_marks(el.text)
      if tex ~= el.text then
        el.text = tex
        edited = true
      end
      id = id or state.claim(label, "eq")
      if (id or tag) and not unnumbered then
        out:insert(equation_span(el, id, next_equation(id, tag)))
        changed = true
      else
        out:insert(el)
      end
      if attr and attr:match("^{#eq[:%-]") then -- the attribute is used up
        i = j
        edited = true
      end
    else
      out:insert(el)
    end
    i = i + 1
  end
  if changed then return out, false end
  if edited then return out end
  return nil -- unchanged: pandoc keeps its own copy, with nothing to read back
end

-- A raw LaTeX environment standing alone (a block of its own).
local function raw_equation(block)
  if not is_tex(block.format) then return nil end
  local equation = environment_equation(block.text)
  if not equation then return nil end
  return pandoc.Para({ equation }), false
end

-- What texmath cannot read, in the few forms the corpus papers use, rewritten to what it can:
-- `\hbox{..}` is `\mbox{..}`; `\mathrlap{x}`, `\rlap`, `\mathllap`, `\llap` (overlaps) print
-- their content in place; an array's `*{4}{c}` column spec is `cccc`; a row break that closes
-- an array, a matrix or cases (which adds no row in LaTeX: its array ends with \crcr) goes,
-- where texmath would print an empty row (and ziamath lay an align's empty last row out at a
-- height below zero, blanking its page: tlverse-handbook's `\\ \nonumber (\#eq:x)`). LaTeX's old font switches in a group, `{\rm Bernoulli}`
-- (LaTeX, MathJax and KaTeX read them), are the commands texmath knows, `\mathrm{Bernoulli}`.
local CLOSED_BY_CRCR = { "array", "%a*matrix%*?", "cases%*?", "aligned", "gathered", "split",
  "align%*?", "alignat%*?", "gather%*?", "flalign%*?", "multline%*?", "eqnarray%*?" }
local FONT_SWITCHES = { rm = "mathrm", bf = "mathbf", it = "mathit", sf = "mathsf",
  tt = "mathtt", cal = "mathcal" }

local function font_switches(tex)
  -- one at the head of the expression is the whole expression's (`$\bf A$`: a Computo article)
  local head, rest = tex:match("^%s*\\(%a+)%f[%A]%s*(.*)$")
  if head and FONT_SWITCHES[head] and rest ~= "" and not rest:find("&", 1, true)
      and not rest:find("\\\\", 1, true) then -- (not over an environment's cells or rows)
    tex = "\\" .. FONT_SWITCHES[head] .. "{" .. rest .. "}"
  end
  if not tex:find("{%s*\\%a") then return tex end
  local out, pos = {}, 1
  while true do
    local s, e, command = tex:find("{%s*\\(%a+)%f[%A]", pos)
    if not s then break end
    local _, close = tex:find("^%b{}", s)
    if FONT_SWITCHES[command] and close then
      local body = tex:sub(e + 1, close - 1):gsub("^%s+", "")
      out[#out + 1] = tex:sub(pos, s - 1) .. "\\" .. FONT_SWITCHES[command] .. "{" .. body .. "}"
      pos = close + 1
    else
      out[#out + 1] = tex:sub(pos, s)
      pos = s + 1
    end
  end
  out[#out + 1] = tex:sub(pos)
  return table.concat(out)
end

-- `\displaystyle` where the style would change (a cell of cases, an array, a matrix; inline
-- math), which texmath reads and leaves out: the display forms themselves where that says the
-- same, `\dfrac`/`\dbinom` for each fraction and `\limits` on each operator at the top of its
-- cell (`\displaystyle\frac{x - a}{b - a}, & a < x`). Anything else the style would change
-- there (an integral, a nested environment, a brace group holding an operator) is left as
-- written, for the PDF step to report (render/mathdrops.py).
local DISPLAY_FORMS = { frac = "\\dfrac", binom = "\\dbinom" }
local LIMITS = {}
for _, op in ipairs({ "sum", "prod", "coprod", "bigcup", "bigcap", "bigvee", "bigwedge",
  "bigoplus", "bigotimes", "bigodot", "biguplus", "bigsqcup", "lim", "limsup", "liminf",
  "max", "min", "sup", "inf", "det", "Pr", "gcd" }) do LIMITS[op] = true end
local STYLED = { int = true, iint = true, iiint = true, oint = true, displaystyle = true,
  textstyle = true, scriptstyle = true, scriptscriptstyle = true, begin = true }

-- The edits that make the display style's effect from `from` to the end of its cell or group
-- explicit, and where that scope ends; nil when the style changes something else there.
local function display_scope(tex, from)
  local edits, depth, i = {}, 0, from
  local groups = {} -- for each open brace: whether the style inside it is known (arguments)
  local arguments = 0 -- the braces after a fraction at the top that are its arguments
  while i <= #tex do
    local c = tex:sub(i, i)
    if c == "{" then
      local j = i - 1
      while j > 0 and tex:sub(j, j):match("%s") do j = j - 1 end
      local script = tex:sub(j, j) == "_" or tex:sub(j, j) == "^" -- its style is a script's
      groups[#groups + 1] = depth > 0 and groups[#groups] or (arguments > 0 or script)
      if depth == 0 and arguments > 0 then arguments = arguments - 1 end
      depth, i = depth + 1, i + 1
    elseif c == "}" then
      if depth == 0 then return edits, i end
      groups[#groups] = nil
      depth, i = depth - 1, i + 1
    elseif c == "&" and depth == 0 then
      return edits, i
    elseif c == "\\" then
      local word = tex:match("^\\(%a+)", i)
      if not word then
        if tex:sub(i + 1, i + 1) == "\\" and depth == 0 then return edits, i end
        i = i + 2
      else
        if (word == "end" or word == "right") and depth == 0 then return edits, i end
        local known = depth > 0 and groups[#groups]
        if STYLED[word] and not known then return nil end
        if DISPLAY_FORMS[word] or LIMITS[word] then
          if depth == 0 and DISPLAY_FORMS[word] then
            edits[#edits + 1] = { i, i + #word, DISPLAY_FORMS[word] }
            arguments = 2
          elseif depth == 0 then
            if not tex:match("^%s*\\n?o?limits", i + #word + 1) then
              edits[#edits + 1] = { i, i + #word, "\\" .. word .. "\\limits" }
            end
          elseif not known then
            return nil
          end
        end
        i = i + #word + 1
      end
    else
      i = i + 1
    end
  end
  return edits, #tex + 1
end

local function display_style(tex)
  if not tex:find("\\displaystyle", 1, true) then return tex end
  local out, pos = {}, 1
  while true do
    local s, e = tex:find("\\displaystyle%f[%A]%s*", pos)
    if not s then break end
    -- only at the top of the expression or of a cell: inside a brace group (a script, a
    -- fraction's part) the style there may be a script's, where letters change size too
    local _, opened = tex:sub(1, s - 1):gsub("{", "")
    local _, closed = tex:sub(1, s - 1):gsub("}", "")
    local edits, stop = nil, nil
    if opened == closed then edits, stop = display_scope(tex, e + 1) end
    if not edits then -- left as written
      out[#out + 1] = tex:sub(pos, e)
      pos = e + 1
    else
      out[#out + 1] = tex:sub(pos, s - 1)
      local at = e + 1
      for _, edit in ipairs(edits) do
        out[#out + 1] = tex:sub(at, edit[1] - 1) .. edit[3]
        at = edit[2] + 1
      end
      out[#out + 1] = tex:sub(at, stop - 1)
      pos = stop
    end
  end
  out[#out + 1] = tex:sub(pos)
  return table.concat(out)
end

local function texmath_compatible(tex)
  tex = display_style(font_switches(tex))
  tex = tex:gsub("\\hbox(%s*{)", "\\mbox%1")
  for _, name in ipairs(CLOSED_BY_CRCR) do
    tex = tex:gsub("\\\\%s*%b[]%s*(\\end%s*{" .. name .. "})", "%1")
      :gsub("\\\\%s*(\\end%s*{" .. name .. "})", "%1")
  end
  tex = tex:gsub("\\math[rl]lap%s*(%b{})", "%1"):gsub("\\[rl]lap%s*(%b{})", "%1")
  tex = tex:gsub("(\\begin%s*{array}%s*)(%b{})", function(begin, columns)
    return begin .. columns:gsub("%*%s*{?(%d+)}?%s*(%b{})", function(n, spec)
      return string.rep(spec:sub(2, -2), tonumber(n))
    end)
  end)
  return tex
end

-- (the font switches first: `{\bf A}` is `\mathbf{A}`, upright bold as LaTeX sets it)
-- A row break at the top of display math, outside any environment (`$$ a \\ = b $$`, which
-- MathJax sets as lines one under the other and texmath cannot read): the rows gathered,
-- centred one under the other, as MathJax sets them.
function M.display_rows(tex)
  if not tex:find("\\\\", 1, true) or #rows_of(tex) < 2 then return tex end
  return "\\begin{gathered}" .. tex .. "\\end{gathered}"
end

function M.math_text(tex) return texmath_compatible(upright_bold(font_switches(tex))) end
M.upright_bold = upright_bold
M.number_display_math = number_display_math
M.raw_equation = raw_equation
function M.init(shared) state = shared end
return M
