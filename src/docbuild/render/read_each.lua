--[[
docbuild's reader of several manuscript files in one pandoc run (jobs/read_each.py), each read
as `pandoc -f markdown -t json -- [macros.md] file.md` reads it alone: what a process a file
costs is pandoc's start, and a cold build reads every file.

The first input says how many inputs after it are read before each file (the math macros:
0 or 1); every input after those is one file. Each file's blocks come back in a div of class
`docbuild-each`, in order, and its metadata in the list `docbuild-each`.
]]

function Reader(sources, options)
  local first = math.tointeger(tonumber(sources[1].text)) or 0
  local blocks, metas = pandoc.Blocks({}), pandoc.List({})
  for i = 2 + first, #sources do
    local inputs = {}
    for j = 2, 1 + first do inputs[#inputs + 1] = sources[j] end
    inputs[#inputs + 1] = sources[i]
    local doc = pandoc.read(inputs, "markdown", options)
    blocks:insert(pandoc.Div(doc.blocks, { class = "docbuild-each" }))
    metas:insert(doc.meta)
  end
  return pandoc.Pandoc(blocks, { ["docbuild-each"] = metas })
end
