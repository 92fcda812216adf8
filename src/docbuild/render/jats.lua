-- docbuild's JATS filter; it runs after citeproc, before pandoc's jats_publishing writer.
--
-- * The bibliography citeproc made (Div#refs) becomes a ref-list of element-citations that
--   docbuild wrote from build/refs.json (metadata `docbuild-jats.refs`), in citeproc's
--   order, so the list holds exactly the works cited, sorted as the style prints them.
-- * Citation links (#ref-KEY) point to those refs' ids.
-- * A link to an id that is nowhere in the document (a hand-typed "[2019](#)") would be an
--   xref to nothing, which JATS forbids: it keeps its text and loses the link; so does a
--   link with no target at all ("[docs]()"), which would be an ext-link without an address.
-- * Links to figures, tables and sections get the ref-type JATS4R asks for.
-- * A div without an id that holds a heading gives way to its blocks, so that the heading
--   makes a section as any other does; an empty one goes.
-- * Blocks after the bibliography in its section move before its heading (see
--   nothing_after_refs).
-- * An image's description is escaped: pandoc's JATS writer (3.9) copies its text into
--   <alt-text> as it is, so "(Hinton & Nowlan, 1987)" in a figure's caption, which pandoc
--   repeats as the image's description, made the XML ill-formed.

local stringify = pandoc.utils.stringify

local refs = {}
local numbered = false
local ids = {}      -- every id in the document -> JATS ref-type

local function collect(doc)
  local function note(kind)
    return function(el)
      if el.identifier and el.identifier ~= '' then
        ids[el.identifier] = ids[el.identifier] or kind
      end
    end
  end
  doc:walk({
    Figure = note('fig'), Table = note('table'), Header = note('sec'),
    Div = note('other'), Span = note('other'), Image = note('fig'),
    Link = note('other'), Code = note('other'), CodeBlock = note('other'),
  })
end

local function bibliography(div)
  -- pandoc's writer turns Div#refs into <ref-list> in <back> (titled by the heading before
  -- it), so the Div stays and only its entries change.
  local out = {}
  local n = 0
  for _, entry in ipairs(div.content) do
    local key = entry.identifier and entry.identifier:match('^ref%-(.*)$')
    local ref = key and refs[key]
    if ref then
      n = n + 1
      local label = numbered and ('<label>' .. n .. '</label>') or ''
      out[#out + 1] = pandoc.RawBlock(
        'jats', '<ref id="' .. ref.id .. '">' .. label .. ref.citation .. '</ref>')
    end
  end
  return pandoc.Div(out, pandoc.Attr('refs'))
end

-- pandoc's writer moves the section that holds Div#refs to <back> and leaves whatever else
-- that section holds loose in <body>, after the sections (invalid JATS). Two Quarto documents
-- read as one (a paper and its appendix) put the second's opening blocks there: they move
-- before the references' heading, into the section before it.
local function nothing_after_refs(blocks)
  local at
  for i, block in ipairs(blocks) do
    if block.t == 'Div' and block.identifier == 'refs' then at = i end
  end
  if at == nil then return blocks end
  local head, level = nil, nil
  for i = at - 1, 1, -1 do
    if blocks[i].t == 'Header' then head, level = i, blocks[i].level; break end
  end
  if head == nil then return blocks end
  local stop = #blocks + 1
  for i = at + 1, #blocks do
    if blocks[i].t == 'Header' and blocks[i].level <= level then stop = i; break end
  end
  if stop == at + 1 then return blocks end
  local out = pandoc.Blocks({})
  for i = 1, head - 1 do out:insert(blocks[i]) end
  for i = at + 1, stop - 1 do out:insert(blocks[i]) end
  for i = head, at do out:insert(blocks[i]) end
  for i = stop, #blocks do out:insert(blocks[i]) end
  return out
end

function Pandoc(doc)
  local meta = doc.meta['docbuild-jats'] or {}
  numbered = meta.numbered == true
  for key, value in pairs(meta.refs or {}) do
    refs[key] = { id = stringify(value.id), citation = stringify(value.citation) }
  end
  collect(doc)
  doc = doc:walk({
    Div = function(div)
      if div.identifier == 'refs' then
        return bibliography(div)
      end
      -- A heading inside a div (Quarto's `::: {.content-visible}`, any `::: {.x}`): pandoc's
      -- writer makes sections of the top level only, so the paragraphs after such a heading
      -- would be left outside any <sec> (invalid JATS). Without an id to keep, the div goes
      -- and its blocks take its place.
      if div.identifier == '' then
        if #div.content == 0 then return {} end -- nothing to print (a left-out raw block's)
        for _, block in ipairs(div.content) do
          if block.t == 'Header' then return div.content end
        end
      end
    end,
    Image = function(image)
      local alt = stringify(image.caption)
      if alt:find('[&<>]') then
        alt = alt:gsub('&', '&amp;'):gsub('<', '&lt;'):gsub('>', '&gt;')
        image.caption = { pandoc.Str(alt) }
        return image
      end
    end,
    Link = function(link)
      if link.target == '' then
        -- "[online documentation]()": an ext-link needs an address (the linter's M007).
        return pandoc.Span(link.content)
      end
      local target = link.target:match('^#(.*)$')
      if target == nil then
        return nil
      end
      local key = target:match('^ref%-(.*)$')
      if key and refs[key] then
        link.target = '#' .. refs[key].id
        return link
      end
      local kind = ids[target]
      if target == '' or kind == nil then
        return pandoc.Span(link.content)
      end
      if kind ~= 'other' then
        link.attributes['ref-type'] = kind
      end
      return link
    end,
  })
  doc.blocks = nothing_after_refs(doc.blocks)
  return doc
end
