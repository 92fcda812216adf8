--[[
The inline copy of each footnote that the PDF floats to the foot of its page (the print CSS's
`float: footnote`), for the footnotes that citeproc makes: a note style's citations (Chicago
notes and bibliography, SBL, OSCOLA) are footnotes, and without a copy the PDF printed no
citation at all. crossref.lua copies the manuscript's own footnotes before citeproc runs. Given
twice, around `--citeproc`: the first run drops those copies (citeproc would make a footnote of
each citation in them, a note within the note, and count it) and marks the document; the second
makes every copy again from the notes as citeproc left them, their citations rendered.
]]

local MARK = "docbuild-notes-stripped"

local function is_copy(el)
  return el ~= nil and el.t == "Span" and el.classes:includes("footnote-inline")
end

local function copy_of(note)
  local inlines = pandoc.utils.blocks_to_inlines(note.content, { pandoc.Space() })
  return pandoc.Span(inlines, { class = "footnote-inline" })
end

local STRIP = { Span = function(el) if is_copy(el) then return {} end end }

local COPY = {
  Inlines = function(inlines)
    local out = pandoc.Inlines({})
    local i = 1
    while i <= #inlines do
      local el = inlines[i]
      out:insert(el)
      if el.t == "Note" then
        out:insert(copy_of(el))
        if is_copy(inlines[i + 1]) then i = i + 1 end
      end
      i = i + 1
    end
    return out
  end,
}

function Pandoc(doc)
  if doc.meta[MARK] then
    doc.meta[MARK] = nil
    return doc:walk(COPY)
  end
  doc = doc:walk(STRIP)
  doc.meta[MARK] = true
  return doc
end
